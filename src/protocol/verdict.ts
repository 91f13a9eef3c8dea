import type { Verdict } from './records';

/**
 * SPEC's verdict on a quine: `trivial` when r2 < 0.1 (whatever L_SR says, NaN
 * included), `genuine` when r2 ≥ 0.99 with RMS θ at least half its initial value,
 * else `partial`. One rule for the engine's summaries and the app: an individual of
 * an evolution has no initial RMS θ of its own, and with `initialRmsTheta` null the
 * scale condition is not applied.
 */
export function verdictOf(r2: number, rmsTheta: number, initialRmsTheta: number | null): Verdict {
  if (!(r2 >= 0.1)) return 'trivial';
  return r2 >= 0.99 && (initialRmsTheta === null || rmsTheta >= 0.5 * initialRmsTheta) ? 'genuine' : 'partial';
}
