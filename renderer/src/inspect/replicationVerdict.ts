import type { Verdict } from '../../../src/protocol/records';

/**
 * SPEC's verdict for what the app shows: `genuine` when r2 ≥ 0.99 with RMS θ at least
 * half its initial value, `trivial` when r2 < 0.1 (whatever L_SR says), else `partial`.
 * An individual of an evolution carries no initial RMS θ of its own, so without one
 * the scale condition is not applied: r2 ≥ 0.99 alone is `genuine`. Null when r2 was
 * not measured (an older run).
 */
export function replicationVerdict(r2: number | null, rmsTheta: number | null = null, initialRmsTheta: number | null = null): Verdict | null {
  if (r2 === null || Number.isNaN(r2)) return null;
  if (!(r2 >= 0.1)) return 'trivial';
  if (r2 < 0.99) return 'partial';
  if (initialRmsTheta !== null && rmsTheta !== null && !(rmsTheta >= initialRmsTheta / 2)) return 'partial';
  return 'genuine';
}

/** The verdict as a reader sees it, with why. */
export function verdictText(v: Verdict | null): string {
  switch (v) {
    case 'genuine': return 'genuine (r2 ≥ 0.99)';
    case 'partial': return 'partial (0.1 ≤ r2 < 0.99)';
    case 'trivial': return 'trivial (r2 < 0.1: the structure of θ is not replicated, whatever L_SR says)';
    default: return '—';
  }
}
