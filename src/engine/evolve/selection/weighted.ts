import type { SelectionOperator } from './operator';
import { rankByWeightedScore, type ScalarRanking } from './scalarFitness';
import { validateSelection } from './validateSelection';

/**
 * Linear-ranking selection probabilities for a population sorted best first: the
 * candidate at position r (0 = best) of n gets weight n − r, so the best is n times as
 * likely as the worst and the worst still has a chance. Ranks, not raw scores, so the
 * pressure does not depend on the scale of the score. Equal scores share the mean weight
 * of their positions, so the id tie-break of the sort does not favour anyone.
 */
export function linearRankingProbabilities(sortedScores: readonly number[]): number[] {
  const n = sortedScores.length;
  const total = (n * (n + 1)) / 2;
  const p = new Array<number>(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && sortedScores[end] === sortedScores[start]) end++;
    // Mean of weights n−start … n−(end−1).
    const meanWeight = n - (start + end - 1) / 2;
    for (let r = start; r < end; r++) p[r] = meanWeight / total;
    start = end;
  }
  return p;
}

/** Draws one index from probabilities that sum to 1 (roulette wheel). */
export function drawFromProbabilities(p: readonly number[], rand: () => number): number {
  const u = rand();
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i];
    if (u < acc) return i;
  }
  return p.length - 1; // rounding left the cumulative sum a hair under 1
}

/** The best `k` of a scalar ranking: elites that survive unchanged. */
export function scalarElites(ranking: ScalarRanking, k: number): number[] {
  return ranking.order.slice(0, k).map((c) => c.id);
}

export const weightedSelection: SelectionOperator = {
  name: 'weighted',
  describe: 'linear-ranking selection on the weighted score accuracyWeight·accuracy − replicationWeight·log10(L_SR)',
  select(pop, params, offspring, rand) {
    validateSelection('weighted', pop, params, offspring);
    const ranking = rankByWeightedScore(pop, params);
    const p = linearRankingProbabilities(ranking.order.map((c) => ranking.scores.get(c.id)!));
    const parents: number[] = [];
    for (let i = 0; i < offspring; i++) parents.push(ranking.order[drawFromProbabilities(p, rand)].id);
    return { parents, elites: scalarElites(ranking, params.elites), scores: ranking.scores };
  },
};
