/**
 * Places points on a line, in the given order, as close as possible to where they
 * want to be while keeping at least `gap` between neighbours: minimises
 * Σ (yᵢ − desiredᵢ)² subject to yᵢ₊₁ − yᵢ ≥ gap. The order is the caller's (families
 * stay contiguous even when their wishes overlap); `desired` need not be sorted.
 *
 * Why this formulation: siblings want to sit round their parent, and crowded
 * families push each other apart symmetrically instead of drifting downwards as a
 * greedy "next free slot" would. With zᵢ = yᵢ − i·gap the constraint becomes
 * z non-decreasing, so it is isotonic regression, solved exactly in O(n) by
 * pool-adjacent-violators.
 */
export function compactPlacement(desired: ArrayLike<number>, gap = 1, out = new Float64Array(desired.length)): Float64Array {
  const n = desired.length;
  if (!(gap >= 0)) throw new RangeError(`compactPlacement: expected gap ≥ 0, got ${gap}`);
  // Blocks of pooled values: sum and count of the transformed targets, and their end index.
  const sums = new Float64Array(n);
  const counts = new Int32Array(n);
  const ends = new Int32Array(n);
  let blocks = 0;
  for (let i = 0; i < n; i++) {
    sums[blocks] = desired[i] - i * gap;
    counts[blocks] = 1;
    ends[blocks] = i;
    blocks++;
    while (blocks > 1 && sums[blocks - 2] / counts[blocks - 2] > sums[blocks - 1] / counts[blocks - 1]) {
      sums[blocks - 2] += sums[blocks - 1];
      counts[blocks - 2] += counts[blocks - 1];
      ends[blocks - 2] = ends[blocks - 1];
      blocks--;
    }
  }
  let start = 0;
  for (let b = 0; b < blocks; b++) {
    const mean = sums[b] / counts[b];
    for (let i = start; i <= ends[b]; i++) out[i] = mean + i * gap;
    start = ends[b] + 1;
  }
  return out;
}
