import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { Candidate, SelectionParams } from '../../src/engine/evolve/selection/operator';
import { createSelectionRegistry, SELECTION_OPERATORS, selectionOperator } from '../../src/engine/evolve/selection/registry';
import { weightedScore } from '../../src/engine/evolve/selection/scalarFitness';
import { truncationCount } from '../../src/engine/evolve/selection/truncation';
import { SELECTION_METHODS } from '../../src/engine/evolve/selection/validateSelection';
import { linearRankingProbabilities } from '../../src/engine/evolve/selection/weighted';

const params = (over: Partial<SelectionParams> = {}): SelectionParams => ({
  method: 'weighted', accuracyWeight: 1, replicationWeight: 0.1, tournamentSize: 2,
  truncationFraction: 0.5, elites: 0, ...over,
});

// Six candidates whose weighted score (1·acc − 0.1·log10 lsr) is easy to order by hand;
// 13 and 14 are identical, so exactly tied (the lower id goes first).
const pop: Candidate[] = [
  { id: 13, accuracy: 0.5, lsr: 100 },   // 0.5 − 0.2 = 0.30
  { id: 10, accuracy: 0.9, lsr: 0.1 },   // 0.9 + 0.1 = 1.00  (best)
  { id: 15, accuracy: 0.2, lsr: 1000 },  // 0.2 − 0.3 = −0.10 (worst)
  { id: 11, accuracy: 0.8, lsr: 1 },     // 0.80
  { id: 14, accuracy: 0.5, lsr: 100 },   // 0.30, tied with 13
  { id: 12, accuracy: 0.7, lsr: 10 },    // 0.60
];
const bestFirst = [10, 11, 12, 13, 14, 15];
const count = (ids: number[]) => ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<number, number>());

describe('selection registry', () => {
  it('registers exactly the five methods, each under its own name', () => {
    expect(SELECTION_OPERATORS.map((o) => o.name).sort()).toEqual([...SELECTION_METHODS].sort());
    for (const m of SELECTION_METHODS) expect(selectionOperator(m).name).toBe(m);
  });
  it('throws on a duplicate name and on an unknown one', () => {
    expect(() => createSelectionRegistry([SELECTION_OPERATORS[0], SELECTION_OPERATORS[0]])).toThrow(/'weighted' is registered twice/);
    expect(() => selectionOperator('roulette')).toThrow(/selection\.method must be one of weighted, tournament, truncation, pareto, nsga2-mu-plus-lambda \(got roulette\)/);
  });
});

describe('weighted score', () => {
  it('is accuracyWeight·accuracy − replicationWeight·log10(L_SR)', () => {
    expect(weightedScore({ id: 0, accuracy: 0.9, lsr: 100 }, { accuracyWeight: 2, replicationWeight: 0.5 })).toBeCloseTo(1.8 - 1, 12);
  });
  it('ranks diverged candidates last and never makes 0·∞ = NaN', () => {
    expect(weightedScore({ id: 0, accuracy: 0.9, lsr: NaN }, params())).toBe(-Infinity);
    expect(weightedScore({ id: 0, accuracy: NaN, lsr: 1 }, params())).toBe(-Infinity);
    expect(weightedScore({ id: 0, accuracy: 0.5, lsr: 0 }, params({ replicationWeight: 0 }))).toBe(0.5);
  });
});

describe.each(SELECTION_OPERATORS.map((o) => [o.name, o] as const))('%s selection (every operator)', (name, op) => {
  it('returns one parent per offspring slot, drawn from the population', () => {
    const r = op.select(pop, params({ method: name }), 9, seedrandom('a'));
    expect(r.parents).toHaveLength(9);
    for (const id of r.parents) expect(bestFirst).toContain(id);
    expect([...r.scores.keys()].sort()).toEqual([...bestFirst]);
  });
  it('is deterministic for a seed, and the seed matters', () => {
    // Four elites: NSGA-II (μ+λ) draws parents among its μ survivors, and two of this chain always give the better one.
    const run = (seed: string) => op.select(pop, params({ method: name, elites: 4 }), 40, seedrandom(seed));
    expect(run('s1')).toEqual(run('s1'));
    expect(run('s1').parents).not.toEqual(run('s2').parents);
  });
  it('never overruns when rand returns values just below 1 or exactly 0', () => {
    for (const v of [0, 1 - 2 ** -53]) {
      const r = op.select(pop, params({ method: name }), 3, () => v);
      for (const id of r.parents) expect(bestFirst).toContain(id);
    }
  });
  it('names the bad field in validation errors', () => {
    const sel = (over: Partial<SelectionParams>, p = pop, off = 3) => () => op.select(p, params({ method: name, ...over }), off, seedrandom('v'));
    expect(sel({ elites: 7 })).toThrow(/selection\.elites must be an integer ≥ 0 and ≤ population \(6\) \(got 7\)/);
    expect(sel({ truncationFraction: 0 })).toThrow(/selection\.truncationFraction must be a number in \(0, 1\] \(got 0\)/);
    expect(sel({ accuracyWeight: -1 })).toThrow(/selection\.accuracyWeight must be a finite number ≥ 0 \(got -1\)/);
    expect(sel({ method: 'roulette' as never })).toThrow(/selection\.method must be one of/);
    expect(sel({}, pop, -1)).toThrow(/selection\.offspring must be an integer ≥ 0 \(got -1\)/);
    expect(sel({}, [])).toThrow(/selection\.population must be non-empty/);
    expect(sel({}, [pop[0], { ...pop[1], id: 13 }])).toThrow(/unique ids \(got id 13 twice\)/);
    expect(sel({}, [{ id: 1, accuracy: 0.5, lsr: -2 }])).toThrow(/lsr ≥ 0 \(got lsr -2 for id 1\)/);
  });
});

describe('scalar methods', () => {
  it('elites are exactly the best k by weighted score (ties by lower id)', () => {
    for (const method of ['weighted', 'tournament', 'truncation'] as const) {
      for (let k = 0; k <= 6; k++) {
        const r = selectionOperator(method).select(pop, params({ method, elites: k }), 1, seedrandom('e'));
        expect(r.elites).toEqual(bestFirst.slice(0, k));
      }
    }
  });

  it('truncation 0.5 of 6 only ever picks the top 3, each of them', () => {
    const r = selectionOperator('truncation').select(pop, params({ method: 'truncation', truncationFraction: 0.5 }), 600, seedrandom('t'));
    expect([...count(r.parents).keys()].sort()).toEqual([10, 11, 12]);
  });
  it('truncation count is ⌈fraction·n⌉ without floating-point round-up', () => {
    expect(truncationCount(0.3, 10)).toBe(3);
    expect(truncationCount(0.5, 6)).toBe(3);
    expect(truncationCount(0.01, 6)).toBe(1);
    expect(truncationCount(1, 6)).toBe(6);
  });

  it('a tournament as large as the population always picks the best', () => {
    const r = selectionOperator('tournament').select(pop, params({ method: 'tournament', tournamentSize: 6 }), 200, seedrandom('k'));
    expect(new Set(r.parents)).toEqual(new Set([10]));
  });
  it('binary tournament wins match (n−1−r)/C(n,2) and the worst never wins', () => {
    const draws = 6000;
    const r = selectionOperator('tournament').select(pop, params({ method: 'tournament', tournamentSize: 2 }), draws, seedrandom('b'));
    const c = count(r.parents);
    // 6,000 draws: one standard error is ≤ 0.007, so 0.02 is about three.
    bestFirst.forEach((id, rank) => expect(Math.abs((c.get(id) ?? 0) / draws - (5 - rank) / 15)).toBeLessThan(0.02));
    expect(c.get(15)).toBeUndefined();
  });
  it('tournamentSize is checked against the population', () => {
    const sel = (k: number) => () => selectionOperator('tournament').select(pop, params({ method: 'tournament', tournamentSize: k }), 1, seedrandom('x'));
    expect(sel(1)).toThrow(/selection\.tournamentSize must be an integer ≥ 2 and ≤ population \(6\) \(got 1\)/);
    expect(sel(7)).toThrow(/selection\.tournamentSize must be an integer ≥ 2 and ≤ population \(6\) \(got 7\)/);
    expect(sel(2.5)).toThrow(/got 2\.5/);
  });

  it('linear ranking gives weight n − r, ties sharing the mean', () => {
    const p = linearRankingProbabilities([5, 4, 3, 2, 1]);
    [5, 4, 3, 2, 1].forEach((w, i) => expect(p[i]).toBeCloseTo(w / 15, 12));
    const tied = linearRankingProbabilities([3, 3, 1]);
    expect(tied.map((x) => x * 6)).toEqual([2.5, 2.5, 1].map((x) => expect.closeTo(x, 12)));
  });
  it('weighted selection draws parents with the linear-ranking frequencies', () => {
    const draws = 6000;
    const r = selectionOperator('weighted').select(pop, params(), draws, seedrandom('w'));
    const c = count(r.parents);
    // Scores: 10 > 11 > 12 > 13 = 14 > 15; weights 6, 5, 4, (3+2)/2, (3+2)/2, 1 over 21.
    const expected = [6, 5, 4, 2.5, 2.5, 1].map((w) => w / 21);
    bestFirst.forEach((id, i) => expect(Math.abs((c.get(id) ?? 0) / draws - expected[i])).toBeLessThan(0.02));
  });
  it('a diverged candidate scores −∞, ranks last and is never a truncation parent', () => {
    const sick = [...pop, { id: 99, accuracy: 0.99, lsr: NaN }];
    const r = selectionOperator('truncation').select(sick, params({ method: 'truncation', truncationFraction: 6 / 7, elites: 7 }), 500, seedrandom('d'));
    expect(r.scores.get(99)).toBe(-Infinity);
    expect(r.elites.at(-1)).toBe(99);
    expect(r.parents).not.toContain(99);
  });
});
