import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { dominates, nondominatedSort } from '../../src/engine/evolve/selection/nsga2';
import { muOf, muPlusLambdaPoint, nsga2MuPlusLambdaSelection as op } from '../../src/engine/evolve/selection/nsga2MuPlusLambda';
import type { Candidate, SelectionParams } from '../../src/engine/evolve/selection/operator';

const params = (over: Partial<SelectionParams> = {}): SelectionParams => ({
  method: 'nsga2-mu-plus-lambda', accuracyWeight: 1, replicationWeight: 0.1, tournamentSize: 2,
  truncationFraction: 0.5, elites: 4, replication: 'one-minus-r2', ...over,
});

// A pooled population of 8 (μ = 4) whose survivors follow by hand.
// Front 0: 4 (0.3, 0.5), 1 (0.5, 1), 2 (0.7, 5), 6 (0.8, 8), 0 (0.9, 10) — five, one too many.
// Front 1: 3 (0.6, 20) (dominated by 0 and 2), 7 (0.4, 2) (by 1); front 2: 5 (0.2, 30).
const pool: Candidate[] = [
  { id: 0, accuracy: 0.9, lsr: 10 }, { id: 1, accuracy: 0.5, lsr: 1 }, { id: 2, accuracy: 0.7, lsr: 5 },
  { id: 3, accuracy: 0.6, lsr: 20 }, { id: 4, accuracy: 0.3, lsr: 0.5 }, { id: 5, accuracy: 0.2, lsr: 30 },
  { id: 6, accuracy: 0.8, lsr: 8 }, { id: 7, accuracy: 0.4, lsr: 2 },
];

describe('NSGA-II (μ+λ) environmental selection', () => {
  it('keeps the μ that a hand computation keeps: whole fronts, then the least crowded', () => {
    // Front 0 sorted: 4, 1, 2, 6, 0 (both objectives in the same order). Ranges 0.6 and 9.5.
    // Crowding: 4, 0 ∞; 1: 0.4/0.6 + 4.5/9.5 = 1.140; 2: 0.3/0.6 + 7/9.5 = 1.237; 6: 0.2/0.6 + 5/9.5 = 0.860.
    const r = op.select(pool, params(), 4, seedrandom('x'));
    expect(r.elites).toEqual([0, 4, 2, 1]); // ∞, ∞ (tie by id), 1.237, 1.140; 6 is dropped
    expect(r.crowding!.get(6)).toBeCloseTo(0.2 / 0.6 + 5 / 9.5, 12);
    expect([...r.ranks!].filter(([, f]) => f === 1).map(([id]) => id).sort()).toEqual([3, 7]);
    expect(r.parents).toHaveLength(4);
    for (const p of r.parents) expect([0, 4, 2, 1]).toContain(p); // mating only among the survivors
  });

  it('sorts on log10 L_SR for `lsr`: the same front, different crowding', () => {
    // log10: 4 −0.301, 1 0, 2 0.699, 6 0.903, 0 1 (range 1.301).
    // 1: 0.4/0.6 + 0.699/1.301 + … = 0.667 + 0.769 = 1.436; 2: 0.5 + 0.903/1.301 = 1.194; 6: 0.333 + 0.301/1.301 = 0.565.
    const r = op.select(pool, params({ replication: 'lsr' }), 4, seedrandom('x'));
    expect(r.elites).toEqual([0, 4, 1, 2]);
    expect(r.crowding!.get(1)).toBeCloseTo((0.7 - 0.3) / 0.6 + (Math.log10(5) - Math.log10(0.5)) / (1 - Math.log10(0.5)), 12);
    expect(muPlusLambdaPoint({ id: 9, accuracy: 0.5, lsr: 0 }, 'lsr').l).toBeCloseTo(-323.3, 1); // the zero quine: finite
    expect(muPlusLambdaPoint({ id: 9, accuracy: 0.5, lsr: NaN }, 'lsr')).toEqual({ a: -Infinity, l: Infinity });
  });

  it('keeps the whole first front of the pooled set when it fits, and its extremes when it does not', () => {
    const rand = seedrandom('fronts');
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(rand() * 30);
      const mu = muOf(n);
      const pop: Candidate[] = Array.from({ length: n }, (_, i) => ({ id: 100 + i, accuracy: Math.round(rand() * 20) / 20, lsr: Math.round(rand() * 50) / 10 }));
      const r = op.select(pop, params({ elites: mu }), n - mu, rand);
      const points = pop.map((c) => ({ a: c.accuracy, l: c.lsr }));
      const first = nondominatedSort(points)[0].map((i) => pop[i].id);
      const kept = new Set(r.elites);
      expect(r.elites).toHaveLength(mu);
      if (first.length <= mu) for (const id of first) expect(kept.has(id), `trial ${trial}: front member ${id}`).toBe(true);
      else {
        for (const id of r.elites) expect(first).toContain(id);
        // The extremes of the front in each objective survive (crowding ∞).
        const front = pop.filter((c) => first.includes(c.id));
        const bestA = Math.max(...front.map((c) => c.accuracy));
        const bestL = Math.min(...front.map((c) => c.lsr));
        expect(r.elites.some((id) => pop.find((c) => c.id === id)!.accuracy === bestA)).toBe(true);
        expect(r.elites.some((id) => pop.find((c) => c.id === id)!.lsr === bestL)).toBe(true);
      }
      // No one left out dominates a survivor.
      for (const out of pop.filter((c) => !kept.has(c.id))) {
        for (const id of r.elites) {
          const s = pop.find((c) => c.id === id)!;
          expect(dominates({ a: out.accuracy, l: out.lsr }, { a: s.accuracy, l: s.lsr })).toBe(false);
        }
      }
    }
  });

  it('is deterministic: the same draws give the same survivors and parents, whatever the lane order', () => {
    const a = op.select(pool, params(), 12, seedrandom('d'));
    const b = op.select(pool, params(), 12, seedrandom('d'));
    const shuffled = op.select([...pool].reverse(), params(), 12, seedrandom('d'));
    expect(b).toEqual(a);
    expect(shuffled.elites).toEqual(a.elites);
    expect(shuffled.parents).toEqual(a.parents);
    // Exact ties (identical points) go to the lower id.
    const twins: Candidate[] = [{ id: 9, accuracy: 0.5, lsr: 1 }, { id: 3, accuracy: 0.5, lsr: 1 }, { id: 5, accuracy: 0.1, lsr: 9 }];
    expect(op.select(twins, params({ elites: 1 }), 2, seedrandom('t')).elites).toEqual([3]);
  });

  it('maxAge: an expiring survivor is not kept but may reproduce; its slot becomes one more child', () => {
    // Without expiry the survivors are 0, 4, 2, 1; 0 and 4 expire.
    const r = op.select(pool, params({ expiring: new Set([0, 4, 5]) }), 4, seedrandom('age'));
    expect(r.elites).toEqual([2, 1]);
    expect(r.parents).toHaveLength(6);
    for (const p of r.parents) expect([0, 4, 2, 1]).toContain(p);
    // Over many draws the expiring extremes do reproduce (they win their tournaments often).
    const many = op.select(pool, params({ expiring: new Set([0, 4]) }), 200, seedrandom('age2'));
    expect(many.parents).toContain(0);
    expect(many.parents).toContain(4);
  });

  it('μ is half the population rounded up', () => {
    expect([2, 3, 16, 17, 32].map(muOf)).toEqual([1, 2, 8, 9, 16]);
    expect(op.survivors!(16)).toBe(8);
  });
});
