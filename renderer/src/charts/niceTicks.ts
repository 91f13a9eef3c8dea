/**
 * Axis ticks at "nice" values (1, 2, 5 × 10ᵏ) — what a reader expects on a
 * scientific plot — and decades for log axes.
 */

/** About `count` ticks covering [lo, hi], each a multiple of a 1/2/5 step. */
export function linearTicks(lo: number, hi: number, count = 5): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) return [lo];
  const step = niceStep((hi - lo) / Math.max(1, count));
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  // Multiply rather than accumulate so 0.1 + 0.2 drift never shows up in labels.
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/**
 * 1, 2 or 5 × 10ᵏ nearest to raw on a log scale (thresholds √2, √10, √50), so the
 * tick count stays near what was asked rather than always falling short of it.
 */
export function niceStep(raw: number): number {
  if (!(raw > 0)) throw new RangeError(`niceStep: expected a step > 0, got ${raw}`);
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const nice = f >= Math.sqrt(50) ? 10 : f >= Math.sqrt(10) ? 5 : f >= Math.SQRT2 ? 2 : 1;
  return Number((nice * power).toPrecision(12));
}

/**
 * Ticks for a log axis over [lo, hi] (both > 0): powers of ten (every k-th when there
 * are many); when fewer than three decades show, 1-2-5 multiples; when even those
 * give fewer than two, linear ticks — a short range must still be readable.
 */
export function logTicks(lo: number, hi: number, maxTicks = 7): number[] {
  if (!(lo > 0 && hi > 0)) return [];
  if (hi < lo) [lo, hi] = [hi, lo];
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  if (last - first + 1 >= 3) {
    const every = Math.max(1, Math.ceil((last - first + 1) / maxTicks));
    const ticks: number[] = [];
    for (let k = first; k <= last; k += every) ticks.push(Number((10 ** k).toPrecision(12)));
    return ticks;
  }
  const fine: number[] = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** k).toPrecision(12));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) fine.push(v);
    }
  }
  return fine.length >= 2 ? fine : linearTicks(lo, hi, 4).filter((v) => v > 0);
}

/**
 * Short tick label: exponent form for very large or small values; otherwise as many
 * decimals as the tick `step` needs (so 0.9285 and 0.929 stay apart on a narrow
 * axis), or 3 significant digits when no step is given.
 */
export function formatTick(v: number, step?: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) {
    const [m, e] = v.toExponential(step ? Math.max(0, Math.ceil(Math.log10(a / step) - 1e-9)) : 0).split('e');
    return `${Number(m)}e${Number(e)}`;
  }
  if (step && step > 0) return String(Number(v.toFixed(Math.max(0, Math.min(12, -Math.floor(Math.log10(step) + 1e-9))))));
  return String(Number(v.toPrecision(3)));
}
