import type { GenerationRow, Verdict } from '../../../src/protocol/records';
import { verdictOf } from '../../../src/protocol/verdict';

/** SPEC's verdict on a whole run, with the numbers behind it, for the run's banner. */
export interface RunVerdict {
  /** SPEC's verdict, or `diverged` when every individual of the latest generation is non-finite. */
  verdict: Verdict | 'diverged';
  /** The best r2 the run has now, and where (generation or epoch). */
  r2: number;
  at: number;
  /** RMS θ now against at the start: below 1 when θ shrank. */
  rmsRatio: number;
  text: string;
}

/**
 * An evolution's verdict from its latest generation: best r2 against SPEC's rule,
 * with the population's mean RMS θ against generation 0's as the scale condition.
 * Null before any generation row, or in an older run that did not log r2.
 */
export function evolutionVerdict(rows: readonly GenerationRow[]): RunVerdict | null {
  if (!rows.length) return null;
  const first = rows[0], last = rows[rows.length - 1];
  const nonFinite = last.nonFinite ?? 0;
  // A wholly diverged generation has no best to judge (issue 11: it read as a finished run).
  if (last.population > 0 && nonFinite === last.population) {
    return {
      verdict: 'diverged', r2: Number.NaN, at: last.generation, rmsRatio: Number.NaN,
      text: `Diverged: all ${last.population} individuals of generation ${last.generation} have a non-finite L_SR or accuracy; nothing is left to select.`,
    };
  }
  if (typeof last.bestR2 !== 'number' || Number.isNaN(last.bestR2)) return null;
  const v = describe(last.bestR2, last.generation, last.meanRmsTheta, first.meanRmsTheta, 'generation', 'best individual');
  return nonFinite > 0 ? { ...v, text: `${v.text} ${nonFinite} of ${last.population} individuals have diverged (left out).` } : v;
}

/**
 * A paper run's verdict from its latest epoch: the lane with the best r2 there, its
 * RMS θ against the same lane's first row. Null when no row carries r2.
 */
export function paperVerdict(rows: readonly Record<string, unknown>[]): RunVerdict | null {
  const firstRms = new Map<string, number>();
  let lastEpoch = -Infinity;
  for (const row of rows) {
    if (typeof row.r2 !== 'number') continue;
    const key = `${String(row.arm ?? 'main')}\u0000${Number(row.lane ?? 0)}`;
    if (!firstRms.has(key) && typeof row.rmsTheta === 'number') firstRms.set(key, row.rmsTheta);
    lastEpoch = Math.max(lastEpoch, Number(row.epoch ?? 0));
  }
  let best: Record<string, unknown> | null = null;
  for (const row of rows) {
    if (typeof row.r2 !== 'number' || Number(row.epoch ?? 0) !== lastEpoch) continue;
    if (!best || row.r2 > (best.r2 as number) || (Number.isNaN(best.r2 as number) && !Number.isNaN(row.r2))) best = row;
  }
  if (!best) return null;
  const key = `${String(best.arm ?? 'main')}\u0000${Number(best.lane ?? 0)}`;
  const rms = typeof best.rmsTheta === 'number' ? best.rmsTheta : Number.NaN;
  return describe(best.r2 as number, lastEpoch, rms, firstRms.get(key) ?? Number.NaN, 'epoch', 'best lane');
}

function describe(r2: number, at: number, rms: number, initialRms: number, unit: string, who: string): RunVerdict {
  const verdict = verdictOf(r2, rms, Number.isFinite(initialRms) ? initialRms : null);
  const rmsRatio = rms / initialRms;
  const r2Text = Number.isFinite(r2) ? r2.toFixed(3) : String(r2);
  const shrink = Number.isFinite(rmsRatio) ? `RMS θ ×${formatRatio(rmsRatio)} of its start` : 'RMS θ unknown';
  const text = verdict === 'trivial'
    ? `Trivial replication: ${who}'s r2 ${r2Text} at ${unit} ${at} (${shrink}). A low L_SR here means θ shrank or f ignores θ, not that θ is copied.`
    : verdict === 'partial'
      ? `Partial replication: ${who}'s r2 ${r2Text} at ${unit} ${at} (${shrink}); genuine needs r2 ≥ 0.99 with RMS θ at least half its start.`
      : `Genuine replication: ${who}'s r2 ${r2Text} at ${unit} ${at} (${shrink}).`;
  return { verdict, r2, at, rmsRatio, text };
}

function formatRatio(x: number): string {
  return x >= 0.01 && x < 1000 ? x.toPrecision(2) : x.toExponential(1);
}
