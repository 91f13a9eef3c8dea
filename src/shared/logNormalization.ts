// The paper's "log-normalized illustration" (Figs. 2 and 7): weights span several orders
// of magnitude, so a linear colour scale would show a few large weights on a white field.
// v ↦ sign(v)·log(1 + |v|/s) / log(1 + M/s), with s a typical magnitude and M the largest,
// maps [-M, M] onto [-1, 1] while keeping small weights visible.

export interface LogNormalization {
  /** s: magnitudes well below s map almost linearly; well above, logarithmically. */
  readonly scale: number;
  /** M: the largest finite |v|; ±M map to ±1. */
  readonly maxAbs: number;
  /** Normalised value in [-1, 1]; NaN stays NaN, ±Infinity become ±1. */
  normalize(value: number): number;
  /** The value whose normalised value is `n` (n in [-1, 1]); used to label colour bars. */
  invert(n: number): number;
}

function median(sorted: Float64Array): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Fits the normalisation to all `samples` together, so panels drawn with it share one
 * colour scale (the paper compares weights with their predictions by colour).
 * `s` defaults to the median non-zero finite |v| — zeros are excluded so a mostly-zero
 * (near "zero quine") network still gets a scale from its surviving weights.
 */
export function logNormalization(samples: readonly ArrayLike<number>[], scale?: number): LogNormalization {
  if (scale !== undefined && !(Number.isFinite(scale) && scale > 0)) {
    throw new RangeError(`logNormalization: expected scale to be a finite number > 0, got ${scale}`);
  }
  let count = 0;
  for (const s of samples) count += s.length;
  const magnitudes = new Float64Array(count);
  let n = 0;
  let maxAbs = 0;
  for (const s of samples) {
    for (let i = 0; i < s.length; i++) {
      const a = Math.abs(s[i]);
      if (Number.isFinite(a) && a > 0) {
        magnitudes[n++] = a;
        if (a > maxAbs) maxAbs = a;
      }
    }
  }
  const s = scale ?? (n > 0 ? median(magnitudes.subarray(0, n).sort()) : 1);
  const denominator = Math.log1p(maxAbs / s);
  return {
    scale: s,
    maxAbs,
    normalize(value: number): number {
      if (Number.isNaN(value)) return NaN;
      if (denominator === 0) return 0;
      const n = Math.sign(value) * (Math.log1p(Math.abs(value) / s) / denominator);
      return Math.max(-1, Math.min(1, n));
    },
    invert(normalised: number): number {
      const clamped = Math.max(-1, Math.min(1, normalised));
      return Math.sign(clamped) * s * Math.expm1(Math.abs(clamped) * denominator);
    },
  };
}
