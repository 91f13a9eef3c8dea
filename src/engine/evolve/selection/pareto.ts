import { crowdedRanking, type ObjectivePoint } from './nsga2';
import type { Candidate, SelectionOperator } from './operator';
import { drawIndex } from './scalarFitness';
import { validateSelection } from './validateSelection';

/**
 * A candidate's objectives; a diverged one (accuracy or L_SR not finite) becomes the
 * worst possible point, so every healthy candidate dominates it and NaN never reaches
 * a comparison.
 */
export function objectivePoint(c: Candidate): ObjectivePoint {
  if (!Number.isFinite(c.accuracy) || !Number.isFinite(c.lsr)) return { a: -Infinity, l: Infinity };
  return { a: c.accuracy, l: c.lsr };
}

export const paretoSelection: SelectionOperator = {
  name: 'pareto',
  describe: 'NSGA-II: non-dominated sort on (accuracy ↑, L_SR ↓), crowding distance, binary crowded tournament',
  select(pop, params, offspring, rand) {
    validateSelection('pareto', pop, params, offspring);
    const { rank, crowd, better } = crowdedRanking(pop.map(objectivePoint));

    const parents: number[] = [];
    for (let s = 0; s < offspring; s++) {
      // Binary tournament between two distinct candidates (one alone when n = 1);
      // a full tie keeps the first drawn, which is uniform.
      const x = drawIndex(pop.length, rand);
      let y = x;
      if (pop.length > 1) y = (x + 1 + drawIndex(pop.length - 1, rand)) % pop.length;
      parents.push(pop[better(y, x) ? y : x].id);
    }

    // Elites by the crowded-comparison order; full ties by lower id, as in the scalar methods.
    const order = pop.map((_, i) => i).sort((x, y) =>
      better(x, y) ? -1 : better(y, x) ? 1 : pop[x].id - pop[y].id);
    const scores = new Map<number, number>();
    const ranks = new Map<number, number>();
    const crowding = new Map<number, number>();
    // 0 − rank rather than −rank, so the first front scores +0, not −0.
    pop.forEach((c, i) => { scores.set(c.id, 0 - rank[i]); ranks.set(c.id, rank[i]); crowding.set(c.id, crowd[i]); });
    return { parents, elites: order.slice(0, params.elites).map((i) => pop[i].id), scores, ranks, crowding };
  },
};
