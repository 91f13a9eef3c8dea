import { Lineage } from '../../src/engine/evolve/lineage/lineage';

/**
 * A small known tree, shared by the lineage tests:
 *
 *   0 (g0) ─┬─ 1 (g1) ─┬─ 3 (g2)        6 (g0, second founder) ── 7 (g1)
 *           │          └─ 4 (g2)
 *           └─ 2 (g1) ─── 5 (g3)
 *
 * Deaths: 0 at g1, 1 at g2, 2 at g3, 6 at g1, 7 at g2. Alive: 3, 4, 5.
 */
export function knownTree(): Lineage {
  const l = new Lineage();
  l.birth({ id: 0, parent: null, generation: 0, sigma: 0 });
  l.birth({ id: 6, parent: null, generation: 0, sigma: 0 });
  l.birth({ id: 1, parent: 0, generation: 1, sigma: 0.01 });
  l.birth({ id: 2, parent: 0, generation: 1, sigma: 0.02 });
  l.birth({ id: 7, parent: 6, generation: 1, sigma: 0.01 });
  l.death(0, 1);
  l.death(6, 1);
  l.birth({ id: 3, parent: 1, generation: 2, sigma: 0.01 });
  l.birth({ id: 4, parent: 1, generation: 2, sigma: 0.01 });
  l.death(1, 2);
  l.death(7, 2);
  l.birth({ id: 5, parent: 2, generation: 3, sigma: 0.005 });
  l.death(2, 3);
  return l;
}
