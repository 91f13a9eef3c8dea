import { crowdedRanking, type ObjectivePoint } from './nsga2';
import type { Candidate, SelectionOperator, SelectionParams } from './operator';
import { objectivePoint } from './pareto';
import { drawIndex } from './scalarFitness';
import { validateSelection } from './validateSelection';

/**
 * The objectives this method sorts on: accuracy, and the replication loss as
 * `selection.replication` names it — log10 L_SR for `lsr` (L_SR spans decades within a
 * population: on a linear scale the largest loss would set the crowding range and squash
 * every other gap), 1 − r2 as it is for `one-minus-r2`. Dominance is the same either way
 * (log is monotone); only crowding, so which of a too-large front survive, differs. An
 * exact zero loss (θ = 0, the zero quine) is clamped to the smallest double, not −∞.
 */
export function muPlusLambdaPoint(c: Candidate, replication: SelectionParams['replication']): ObjectivePoint {
  const p = objectivePoint(c);
  if (replication === 'one-minus-r2' || !Number.isFinite(p.l)) return p;
  return { a: p.a, l: Math.log10(Math.max(p.l, Number.MIN_VALUE)) };
}

/** μ: the survivors of each generation, half the population rounded up (NSGA-II's μ = λ, as near as an odd size allows). */
export function muOf(population: number): number {
  return Math.ceil(population / 2);
}

/**
 * NSGA-II's (μ+λ) environmental selection (Deb et al. 2002). The population measured
 * in a generation is the pool R = P ∪ Q: last generation's μ survivors and its λ
 * children, all measured this generation. Non-dominated sort of R, then whole fronts
 * in order while they fit, and the front that does not fit truncated by crowding
 * distance (largest first): those μ are P', the survivors, so the first front survives
 * whole when it has at most μ members and by its extremes and least crowded points when
 * it has more. λ children are then drawn from P' by binary crowded tournament (rank,
 * then crowding, as computed on R). Full ties in the order are broken by the lower id
 * (which does not depend on lane order); a full tie in a tournament keeps the first drawn.
 *
 * `params.elites` is μ (generation.ts passes `muOf(population)`: `selection.elites` is not
 * read). With `selection.maxAge`, a member of P' that would live past it (in
 * `params.expiring`) still reproduces but does not survive: its place goes to one more
 * child from the same tournament, so the population size holds and a front of old
 * individuals passes on through its children rather than vanishing.
 */
export const nsga2MuPlusLambdaSelection: SelectionOperator = {
  name: 'nsga2-mu-plus-lambda',
  describe: 'NSGA-II (μ+λ): parents and children pooled, non-dominated sort and crowding keep μ = ⌈population/2⌉ (the front survives), binary crowded tournament among them for the children',
  survivors: muOf,
  select(pop, params, offspring, rand) {
    validateSelection('nsga2-mu-plus-lambda', pop, params, offspring);
    const mu = params.elites;
    const { rank, crowd, better } = crowdedRanking(pop.map((c) => muPlusLambdaPoint(c, params.replication)));
    // The crowded-comparison order fills whole fronts first, then the last one by crowding.
    const order = pop.map((_, i) => i).sort((x, y) => better(x, y) ? -1 : better(y, x) ? 1 : pop[x].id - pop[y].id);
    // μ = 0 (only when called directly): nothing survives and every candidate may mate.
    const chosen = mu > 0 ? order.slice(0, mu) : order;
    const expiring = params.expiring;
    const survivors = mu === 0 ? [] : expiring ? chosen.filter((i) => !expiring.has(pop[i].id)) : chosen;
    const children = offspring + (mu === 0 ? 0 : chosen.length - survivors.length);
    const parents: number[] = [];
    for (let s = 0; s < children; s++) {
      // Positions in `chosen` (crowded order), so lane order never matters.
      const x = drawIndex(chosen.length, rand);
      let y = x;
      if (chosen.length > 1) y = (x + 1 + drawIndex(chosen.length - 1, rand)) % chosen.length;
      parents.push(pop[better(chosen[y], chosen[x]) ? chosen[y] : chosen[x]].id);
    }
    const scores = new Map<number, number>();
    const ranks = new Map<number, number>();
    const crowding = new Map<number, number>();
    pop.forEach((c, i) => { scores.set(c.id, 0 - rank[i]); ranks.set(c.id, rank[i]); crowding.set(c.id, crowd[i]); });
    return { parents, elites: survivors.map((i) => pop[i].id), scores, ranks, crowding };
  },
};
