/**
 * Indices of the first Pareto front of points (accuracy ↑, L_SR ↓): no other point
 * has accuracy ≥ and L_SR ≤ with one of them strict. Sorted by accuracy descending,
 * which is also L_SR descending along the front — the order to draw it as a staircase.
 * O(n log n): sort by accuracy, sweep keeping the lowest L_SR seen.
 */
export function paretoFront(accuracy: readonly number[], lsr: readonly number[]): number[] {
  if (accuracy.length !== lsr.length) {
    throw new RangeError(`paretoFront: expected equal lengths, got ${accuracy.length} accuracies and ${lsr.length} L_SR values`);
  }
  const order = accuracy
    .map((_, i) => i)
    .filter((i) => Number.isFinite(accuracy[i]) && Number.isFinite(lsr[i]))
    .sort((a, b) => accuracy[b] - accuracy[a] || lsr[a] - lsr[b]);
  const front: number[] = [];
  let bestLsr = Infinity;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (lsr[i] < bestLsr) {
      front.push(i);
      bestLsr = lsr[i];
    } else if (lsr[i] === bestLsr && accuracy[i] === accuracy[front[front.length - 1]]) {
      front.push(i); // an exact duplicate of a front point is not dominated either
    }
  }
  return front;
}
