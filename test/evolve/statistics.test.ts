import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Lineage } from '../../src/engine/evolve/lineage/lineage';
import { muller } from '../../src/engine/evolve/lineage/muller';
import {
  diversity, heritability, mrca, sampleCoordinates, survivingRootLineages,
} from '../../src/engine/evolve/lineage/statistics';
import type { SelectionParams } from '../../src/engine/evolve/selection/operator';
import { SELECTION_OPERATORS } from '../../src/engine/evolve/selection/registry';
import { knownTree } from './lineageTree';
import { livingPhylogeny } from '../../src/engine/evolve/lineage/livingPhylogeny';

const mrcaDepth = (l: Lineage, ids: number[]) => livingPhylogeny(l, ids).mrcaDepth;

describe('heritability', () => {
  it('is the least-squares slope of child on parent', () => {
    const exact = [0.1, 0.4, 0.5, 0.9].map((p) => ({ parent: p, child: 0.5 * p + 0.1 }));
    expect(heritability(exact)).toBeCloseTo(0.5, 12);
    // By hand: mean parent 2, mean child 10/3, Sxx = 2, Sxy = 3 → slope 1.5.
    expect(heritability([{ parent: 1, child: 2 }, { parent: 2, child: 3 }, { parent: 3, child: 5 }])).toBeCloseTo(1.5, 12);
  });
  it('is null with fewer than 3 usable pairs or no parent variance; drops non-finite pairs', () => {
    expect(heritability([{ parent: 1, child: 2 }, { parent: 2, child: 3 }])).toBeNull();
    expect(heritability([1, 2, 3].map((c) => ({ parent: 0.7, child: c })))).toBeNull();
    const withNaN = [{ parent: 1, child: 2 }, { parent: 2, child: 3 }, { parent: NaN, child: 9 }, { parent: 3, child: 5 }];
    expect(heritability(withNaN)).toBeCloseTo(1.5, 12);
    expect(heritability(withNaN.slice(0, 3))).toBeNull();
  });
});

describe('root lineages and MRCA on a known tree', () => {
  // knownTree: 0(g0) → 1(g1) → 3(g2), 4(g2); 0 → 2(g1) → 5(g3); second founder 6(g0) → 7(g1).
  const l = knownTree();
  it('finds the most recent common ancestor and its generation', () => {
    expect(mrca(l, [3, 4])).toBe(1);
    expect(mrcaDepth(l, [3, 4])).toBe(1);
    expect(mrca(l, [4, 3, 1])).toBe(1); // an individual is its own ancestor
    expect(mrca(l, [3, 5])).toBe(0);
    expect(mrca(l, [5, 4, 3])).toBe(0);
    expect(mrcaDepth(l, l.alive())).toBe(0);
    expect(mrcaDepth(l, [5])).toBe(3);
  });
  it('has none across founders or for an empty population', () => {
    expect(mrca(l, [3, 7])).toBeNull();
    expect(mrcaDepth(l, [])).toBeNull();
  });
  it('counts founders with living descendants', () => {
    expect(survivingRootLineages(l, l.alive())).toBe(1);
    expect(survivingRootLineages(l, [3, 7, 5])).toBe(2);
    expect(survivingRootLineages(l, [])).toBe(0);
  });
});

describe('diversity', () => {
  it('is the mean pairwise Euclidean distance over the given coordinates', () => {
    const v = [new Float32Array([0, 0, 9]), new Float32Array([3, 4, 9]), new Float32Array([0, 0, 1])];
    // Pairs over (0, 1): 5, 0, 5 → 10/3. Over (0): 3, 0, 3 → 2. Over (2): 0, 8, 8 → 16/3.
    expect(diversity(v, [0, 1])).toBeCloseTo(10 / 3, 6);
    expect(diversity([[0, 0, 9], [3, 4, 9], [0, 0, 1]], [0])).toBeCloseTo(2, 12);
    expect(diversity(v, [2])).toBeCloseTo(16 / 3, 6);
    expect(diversity([v[0]], [0])).toBeNull();
  });
  it('rejects ragged vectors and coordinates out of range', () => {
    expect(() => diversity([[1, 2], [1]], [0])).toThrow(/values\[1\] must have length 2 like values\[0\] \(got 1\)/);
    expect(() => diversity([[1, 2], [1, 2]], [2])).toThrow(/coordinates must be integers in \[0, 2\) \(got 2\)/);
  });
  it('samples distinct sorted coordinates, reproducibly from a seed', () => {
    const c = sampleCoordinates(21100, seedrandom('c'));
    expect(c).toHaveLength(512);
    expect(new Set(c).size).toBe(512);
    expect(c.every((x, i) => Number.isInteger(x) && x >= 0 && x < 21100 && (i === 0 || x > c[i - 1]))).toBe(true);
    expect(sampleCoordinates(21100, seedrandom('c'))).toEqual(c);
    expect(sampleCoordinates(5, seedrandom('c'))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('muller', () => {
  it('counts per founder lineage on the known tree', () => {
    const m = muller(knownTree(), [0, 1, 2, 3]);
    expect(m.generations).toEqual([0, 1, 2, 3]);
    // g0: 0, 6; g1: 1, 2, 7; g2: 2, 3, 4; g3: 3, 4, 5.
    expect(m.lineages).toEqual([{ id: '0', counts: [1, 2, 3, 3] }, { id: '6', counts: [1, 1, 0, 0] }]);
  });
  it('counts per clade at depth 1, each clade listed after its parent', () => {
    const m = muller(knownTree(), [0, 1, 2, 3], 1);
    expect(m.lineages).toEqual([
      { id: '0', counts: [1, 0, 0, 0] },
      { id: '6', counts: [1, 0, 0, 0] },
      { id: '1', parent: '0', counts: [0, 1, 2, 2] },
      { id: '2', parent: '0', counts: [0, 1, 1, 1] },
      { id: '7', parent: '6', counts: [0, 1, 0, 0] },
    ]);
    expect(() => muller(knownTree(), [0], -1)).toThrow(/cladeDepth must be an integer ≥ 0 \(got -1\)/);
  });

  // A whole evolutionary loop with every selection operator: evaluate, select, elites
  // survive, the rest die, children are born. Invariant: every generation's Muller
  // counts sum to the population size, and the surviving founders are exactly the
  // lineages with a count in the last generation.
  it.each(SELECTION_OPERATORS.map((o) => [o.name, o] as const))('sums to the population size in a %s run', (name, op) => {
    const rand = seedrandom(`run-${name}`);
    const size = 8;
    const params: SelectionParams = {
      method: name, accuracyWeight: 1, replicationWeight: 0.2, tournamentSize: 3, truncationFraction: 0.5, elites: 2,
    };
    const l = new Lineage();
    let nextId = 0;
    for (let i = 0; i < size; i++) l.birth({ id: nextId++, parent: null, generation: 0, sigma: 0 });
    const generations = 12;
    for (let g = 0; g < generations; g++) {
      const pop = l.alive().map((id) => ({ id, accuracy: rand(), lsr: 10 ** (3 * rand()) }));
      for (const c of pop) l.record(c.id, { accuracy: c.accuracy, lsr: c.lsr, srq: 0, corr: 0, meanAbsTheta: 0, r2: 0.5, srqFree: 1, bits: 100, gain: 0.9, rmsTheta: 0.06, innateAccuracy: 0.3, transmissionR2: 0.4, transmissionCorr: 0.7 });
      const r = op.select(pop, params, size - params.elites, rand);
      for (const c of pop) if (!r.elites.includes(c.id)) l.death(c.id, g + 1);
      for (const parent of r.parents) l.birth({ id: nextId++, parent, generation: g + 1, sigma: 0.001 });
    }
    const gens = Array.from({ length: generations + 1 }, (_, g) => g);
    for (const depth of [0, 2]) {
      const m = muller(l, gens, depth);
      for (let k = 0; k < gens.length; k++) expect(m.lineages.reduce((s, x) => s + x.counts[k], 0)).toBe(size);
      const listed = new Set(m.lineages.map((x) => x.id));
      for (const x of m.lineages) if (x.parent !== undefined) expect(listed.has(x.parent)).toBe(true);
    }
    const roots = muller(l, gens).lineages.filter((x) => x.counts[generations] > 0).length;
    expect(survivingRootLineages(l, l.alive())).toBe(roots);
    expect(l.alive()).toHaveLength(size);
  });
});
