import type { SelectionOperator } from './operator';
import { drawIndex, rankByWeightedScore } from './scalarFitness';
import { validateSelection } from './validateSelection';
import { scalarElites } from './weighted';

/**
 * `k` distinct indices from [0, n), by a partial Fisher–Yates shuffle of `scratch`
 * (which must hold a permutation of 0…n−1 and stays one). Distinct, so a tournament
 * as large as the population always contains, and so picks, the best.
 */
export function drawDistinct(k: number, scratch: number[], rand: () => number): number[] {
  const n = scratch.length;
  for (let i = 0; i < k; i++) {
    const j = i + drawIndex(n - i, rand);
    const t = scratch[i]; scratch[i] = scratch[j]; scratch[j] = t;
  }
  return scratch.slice(0, k);
}

export const tournamentSelection: SelectionOperator = {
  name: 'tournament',
  describe: 'k-tournament (k = tournamentSize, without replacement) on the weighted score',
  select(pop, params, offspring, rand) {
    validateSelection('tournament', pop, params, offspring);
    const ranking = rankByWeightedScore(pop, params);
    // Contestants are positions in the best-first order, so the winner is the smallest
    // position: ties in score resolve the same way as everywhere else (lower id).
    const scratch = ranking.order.map((_, i) => i);
    const parents: number[] = [];
    for (let i = 0; i < offspring; i++) {
      const winner = Math.min(...drawDistinct(params.tournamentSize, scratch, rand));
      parents.push(ranking.order[winner].id);
    }
    return { parents, elites: scalarElites(ranking, params.elites), scores: ranking.scores };
  },
};
