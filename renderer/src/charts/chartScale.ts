/** A linear or log10 map from a data domain onto a pixel range. */
export interface ChartScale {
  (v: number): number;
  readonly domain: readonly [number, number];
  readonly log: boolean;
}

export function chartScale(domain: readonly [number, number], range: readonly [number, number], log = false): ChartScale {
  const t = (v: number) => (log ? Math.log10(v) : v);
  const d0 = t(domain[0]);
  const d1 = t(domain[1]);
  const span = d1 - d0 || 1;
  const scale = ((v: number) => range[0] + ((t(v) - d0) / span) * (range[1] - range[0])) as ChartScale;
  return Object.assign(scale, { domain, log });
}

/**
 * The domain that shows all finite values (positive ones only on a log axis), padded
 * by a fraction of its span (a decade fraction on log axes); `fallback` when none.
 */
export function dataDomain(values: Iterable<number>, log = false, pad = 0.05, fallback: [number, number] = log ? [0.1, 10] : [0, 1]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return fallback;
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const p = Math.max(0.1, (b - a) * pad);
    return [10 ** (a - p), 10 ** (b + p)];
  }
  if (hi === lo) return [lo - (Math.abs(lo) * 0.1 || 0.5), hi + (Math.abs(hi) * 0.1 || 0.5)];
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}
