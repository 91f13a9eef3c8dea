import type { Verdict } from '../../../src/protocol/records';
import { verdictOf } from '../../../src/protocol/verdict';

/**
 * SPEC's verdict (the engine's one rule, `verdictOf`) for what the app shows; null
 * when r2 was not measured (an older run). Without an initial RMS θ (an individual of
 * an evolution) the scale condition is not applied.
 */
export function replicationVerdict(r2: number | null, rmsTheta: number | null = null, initialRmsTheta: number | null = null): Verdict | null {
  if (r2 === null || Number.isNaN(r2)) return null;
  return verdictOf(r2, rmsTheta ?? Number.NaN, rmsTheta === null ? null : initialRmsTheta);
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
