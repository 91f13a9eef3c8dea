/**
 * r2 clipped to [−1, 1] for a chart: a diverged child has r2 ~ −10⁸ (its L_SR explodes
 * while θ stays finite), which would flatten every other line to the top edge. The
 * axis label says the values are clipped; the inspector shows the true number.
 */
export function clipR2(values: readonly number[]): number[] {
  return values.map((v) => (Number.isNaN(v) ? v : Math.max(-1, Math.min(1, v))));
}
