import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { crowdingDistance, dominates, nondominatedSort } from '../../src/engine/evolve/selection/nsga2';
import type { Candidate, SelectionParams } from '../../src/engine/evolve/selection/operator';
import { paretoSelection } from '../../src/engine/evolve/selection/pareto';

describe('non-dominated sort', () => {
  it('dominance: no worse in both objectives (accuracy ↑, L_SR ↓), strictly better in one', () => {
    expect(dominates({ a: 0.9, l: 1 }, { a: 0.8, l: 1 })).toBe(true);
    expect(dominates({ a: 0.9, l: 1 }, { a: 0.9, l: 2 })).toBe(true);
    expect(dominates({ a: 0.9, l: 1 }, { a: 0.9, l: 1 })).toBe(false);
    expect(dominates({ a: 0.9, l: 2 }, { a: 0.8, l: 1 })).toBe(false);
  });
  it('finds hand-constructed fronts; identical points share a front', () => {
    const points = [
      { a: 0.9, l: 10 }, // 0: front 0
      { a: 0.8, l: 5 },  // 1: front 0
      { a: 0.7, l: 1 },  // 2: front 0
      { a: 0.85, l: 12 }, // 3: dominated by 0 only → front 1
      { a: 0.6, l: 6 },  // 4: dominated by 1 and 2 → front 1
      { a: 0.5, l: 20 }, // 5: dominated by 3 (and front 0) → front 2
      { a: 0.9, l: 10 }, // 6: a copy of 0 → front 0
    ];
    expect(nondominatedSort(points)).toEqual([[0, 1, 2, 6], [3, 4], [5]]);
  });
  it('a chain of dominated points gives one front each; an empty input gives none', () => {
    expect(nondominatedSort([{ a: 0.1, l: 3 }, { a: 0.3, l: 1 }, { a: 0.2, l: 2 }])).toEqual([[1], [2], [0]]);
    expect(nondominatedSort([])).toEqual([]);
  });
});

describe('crowding distance', () => {
  // A front of four: by accuracy D < C < B < A (range 0.4), by L_SR D < C < B < A (range 9.5).
  const points = [{ a: 0.9, l: 10 }, { a: 0.8, l: 5 }, { a: 0.7, l: 1 }, { a: 0.5, l: 0.5 }];
  it('boundary points are infinite, interior ones sum normalised neighbour gaps', () => {
    const d = crowdingDistance([0, 1, 2, 3], points);
    expect(d[0]).toBe(Infinity);
    expect(d[3]).toBe(Infinity);
    expect(d[1]).toBeCloseTo((0.9 - 0.7) / 0.4 + (10 - 1) / 9.5, 12);
    expect(d[2]).toBeCloseTo((0.8 - 0.5) / 0.4 + (5 - 0.5) / 9.5, 12);
  });
  it('is aligned with the front order it is given', () => {
    const d = crowdingDistance([2, 0, 3, 1], points);
    expect(d[0]).toBeCloseTo((0.8 - 0.5) / 0.4 + (5 - 0.5) / 9.5, 12);
    expect(d[3]).toBeCloseTo((0.9 - 0.7) / 0.4 + (10 - 1) / 9.5, 12);
  });
  it('fronts of one or two are all boundary; a flat objective adds nothing', () => {
    expect(crowdingDistance([1], points)).toEqual([Infinity]);
    expect(crowdingDistance([0, 2], points)).toEqual([Infinity, Infinity]);
    const flat = [{ a: 0.5, l: 1 }, { a: 0.5, l: 2 }, { a: 0.5, l: 4 }];
    expect(crowdingDistance([0, 1, 2], flat)[1]).toBeCloseTo((4 - 1) / 3, 12);
  });
});

describe('pareto selection (NSGA-II)', () => {
  const params: SelectionParams = {
    method: 'pareto', accuracyWeight: 1, replicationWeight: 1, tournamentSize: 2, truncationFraction: 0.5, elites: 3,
  };
  // Front 0: ids 0–3 (the four points above); front 1: id 4; front 2: id 5.
  const pop: Candidate[] = [
    { id: 0, accuracy: 0.9, lsr: 10 }, { id: 1, accuracy: 0.8, lsr: 5 }, { id: 2, accuracy: 0.7, lsr: 1 },
    { id: 3, accuracy: 0.5, lsr: 0.5 }, { id: 4, accuracy: 0.6, lsr: 6 }, { id: 5, accuracy: 0.4, lsr: 30 },
  ];
  const r = paretoSelection.select(pop, params, 3000, seedrandom('p'));

  it('reports front ranks, −rank as score, and crowding', () => {
    expect([...r.ranks!.entries()].sort((x, y) => x[0] - y[0])).toEqual([[0, 0], [1, 0], [2, 0], [3, 0], [4, 1], [5, 2]]);
    expect(r.scores.get(5)).toBe(-2);
    expect(r.scores.get(0)).toBe(0); // +0, not −0: it prints and compares as 0
    expect(r.crowding!.get(0)).toBe(Infinity);
    expect(r.crowding!.get(1)).toBeCloseTo(0.5 + 9 / 9.5, 12);
  });
  it('elites follow (rank, crowding): both boundaries (lower id first), then the most isolated interior point', () => {
    // Crowding: 0 and 3 infinite; 1: 0.5 + 9/9.5 ≈ 1.447 beats 2: 0.75 + 4.5/9.5 ≈ 1.224.
    expect(r.elites).toEqual([0, 3, 1]);
  });
  it('binary crowded tournament: the last front never wins, front 1 only against it', () => {
    const c = new Map<number, number>();
    for (const id of r.parents) c.set(id, (c.get(id) ?? 0) + 1);
    expect(c.get(5)).toBeUndefined();
    // id 4 wins only the pair {4, 5}: probability 1/C(6,2) = 1/15.
    expect(Math.abs((c.get(4) ?? 0) / 3000 - 1 / 15)).toBeLessThan(0.015);
    // id 0 (rank 0, crowding ∞) wins every pair except against 3, which ties and goes to the first drawn: (4 + 0.5)/15.
    expect(Math.abs((c.get(0) ?? 0) / 3000 - 4.5 / 15)).toBeLessThan(0.025);
  });
  it('puts a diverged candidate in the last front', () => {
    const s = paretoSelection.select([...pop, { id: 9, accuracy: 0.95, lsr: NaN }], { ...params, elites: 7 }, 1, seedrandom('q'));
    expect(s.ranks!.get(9)).toBe(3);
    expect(s.elites.at(-1)).toBe(9);
  });
});
