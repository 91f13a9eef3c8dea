/**
 * TensorBoard's smoothing: an exponential moving average with weight w in [0, 1),
 * debiased (divided by 1 − w^k after k finite points) so the curve starts at the data
 * rather than at 0. Non-finite points stay gaps and do not enter the average.
 */
export function smoothSeries(ys: readonly number[], weight: number): number[] {
  if (!(weight > 0)) return [...ys];
  const w = Math.min(weight, 0.999);
  let last = 0;
  let k = 0;
  return ys.map((y) => {
    if (!Number.isFinite(y)) return y;
    last = w * last + (1 - w) * y;
    k++;
    return last / (1 - w ** k);
  });
}
