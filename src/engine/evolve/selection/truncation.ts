import type { SelectionOperator } from './operator';
import { drawIndex, rankByWeightedScore } from './scalarFitness';
import { validateSelection } from './validateSelection';
import { scalarElites } from './weighted';

/**
 * How many candidates survive truncation: ⌈fraction·n⌉, at least 1. The small epsilon
 * keeps floating-point products such as 0.3·10 = 3.0000000000000004 from rounding up to 4.
 */
export function truncationCount(fraction: number, n: number): number {
  return Math.max(1, Math.min(n, Math.ceil(fraction * n - 1e-9)));
}

export const truncationSelection: SelectionOperator = {
  name: 'truncation',
  describe: 'the top truncationFraction by weighted score, parents drawn uniformly from them',
  select(pop, params, offspring, rand) {
    validateSelection('truncation', pop, params, offspring);
    const ranking = rankByWeightedScore(pop, params);
    const pool = ranking.order.slice(0, truncationCount(params.truncationFraction, pop.length));
    const parents: number[] = [];
    for (let i = 0; i < offspring; i++) parents.push(pool[drawIndex(pool.length, rand)].id);
    return { parents, elites: scalarElites(ranking, params.elites), scores: ranking.scores };
  },
};
