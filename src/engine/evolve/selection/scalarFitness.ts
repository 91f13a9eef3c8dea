import type { Candidate, SelectionParams } from './operator';

/**
 * The weighted scalar fitness: accuracyWeight·accuracy − replicationWeight·log10(L_SR).
 *
 * Why log10: L_SR spans orders of magnitude over a run (≈ 4,600 at `he` init, tens after
 * training, below 1 after regeneration), while accuracy lives in [0, 1]. On a linear scale
 * the loss would swamp accuracy early and vanish late; on a log scale one unit of score is
 * one decade of loss at every stage, so the weights keep their meaning throughout.
 *
 * A diverged candidate (accuracy or L_SR not finite) scores −Infinity, so it ranks last
 * without poisoning comparisons with NaN. A zero weight drops its term entirely, so
 * L_SR = 0 with replicationWeight = 0 does not become 0·∞ = NaN.
 */
export function weightedScore(c: Candidate, params: Pick<SelectionParams, 'accuracyWeight' | 'replicationWeight'>): number {
  if (!Number.isFinite(c.accuracy) || !Number.isFinite(c.lsr)) return -Infinity;
  let score = 0;
  if (params.accuracyWeight !== 0) score += params.accuracyWeight * c.accuracy;
  if (params.replicationWeight !== 0) score -= params.replicationWeight * Math.log10(c.lsr);
  return score;
}

/** Scores of the population by id, and the population sorted best first (ties by lower id, so runs replay). */
export interface ScalarRanking {
  scores: Map<number, number>;
  /** Candidates best first. */
  order: Candidate[];
}

export function rankByWeightedScore(pop: readonly Candidate[], params: SelectionParams): ScalarRanking {
  const scores = new Map<number, number>();
  for (const c of pop) scores.set(c.id, weightedScore(c, params));
  const order = [...pop].sort((x, y) => {
    const sx = scores.get(x.id)!;
    const sy = scores.get(y.id)!;
    return sx === sy ? x.id - y.id : sy - sx;
  });
  return { scores, order };
}

/** Index in [0, n) from a uniform draw; clamped so a generator that returns exactly 1 cannot overrun. */
export function drawIndex(n: number, rand: () => number): number {
  return Math.min(n - 1, Math.floor(rand() * n));
}
