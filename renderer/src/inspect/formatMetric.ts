/** A metric for tables and tooltips: 4 significant digits, exponent form when tiny or huge, '—' when unmeasured. */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(4)));
}

/** An accuracy as a percentage with two decimals, '—' when unmeasured or not finite. */
export function formatPercent(v: number | null | undefined): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${(100 * v).toFixed(2)} %` : '—';
}
