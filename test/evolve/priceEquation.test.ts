import { describe, expect, it } from 'vitest';
import { priceSplit } from '../../src/engine/evolve/lineage/priceEquation';
import { seededStream } from '../../src/engine/random/streams';

describe('Price equation', () => {
  it('splits a hand-computed case: S = Cov(w, z)/w̄ = 0.1333, T = E(w·Δz)/w̄ = −0.2333, S + T = Δz̄ = −0.1', () => {
    // A (0.2) leaves nothing; B (0.6) two children at 0.5 and 0.3; C (0.4) survives, re-measured at 0.1.
    const s = priceSplit([{ id: 1, z: 0.2 }, { id: 2, z: 0.6 }, { id: 3, z: 0.4 }], [{ parent: 2, z: 0.5 }, { parent: 2, z: 0.3 }, { parent: 3, z: 0.1 }])!;
    expect(s.selection).toBeCloseTo(0.4 / 3, 12);
    expect(s.transmission).toBeCloseTo(-0.7 / 3, 12);
    expect(s.change).toBeCloseTo(-0.1, 12);
  });

  it('S + T equals the change in the mean on random generations; perfect copying has T = 0, no selection S = 0', () => {
    const rng = seededStream('price');
    for (let trial = 0; trial < 20; trial++) {
      const parents = Array.from({ length: 10 }, (_, i) => ({ id: i, z: rng.next() }));
      const offspring = Array.from({ length: 10 }, () => { const p = rng.int(10); return { parent: p, z: parents[p].z + 0.1 * rng.normal() }; });
      const s = priceSplit(parents, offspring)!;
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      expect(s.selection + s.transmission).toBeCloseTo(mean(offspring.map((o) => o.z)) - mean(parents.map((p) => p.z)), 12);
      expect(s.change).toBeCloseTo(s.selection + s.transmission, 12);
      const copies = priceSplit(parents, offspring.map((o) => ({ parent: o.parent, z: parents[o.parent].z })))!;
      expect(copies.transmission).toBeCloseTo(0, 12);
      const everyoneOnce = priceSplit(parents, parents.map((p) => ({ parent: p.id, z: rng.next() })))!;
      expect(everyoneOnce.selection).toBeCloseTo(0, 12);
    }
  });

  it('leaves out diverged individuals with their offspring, and returns null when nothing is left', () => {
    const s = priceSplit([{ id: 1, z: NaN }, { id: 2, z: 0.5 }], [{ parent: 1, z: 0.9 }, { parent: 2, z: 0.7 }])!;
    expect(s).toEqual({ selection: 0, transmission: expect.closeTo(0.2, 12), change: expect.closeTo(0.2, 12) });
    expect(priceSplit([{ id: 1, z: NaN }], [{ parent: 1, z: 0.2 }])).toBeNull();
    expect(priceSplit([{ id: 1, z: 0.3 }], [{ parent: 7, z: 0.2 }])).toBeNull();
  });
});
