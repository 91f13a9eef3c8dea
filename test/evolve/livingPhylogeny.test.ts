import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { Lineage } from '../../src/engine/evolve/lineage/lineage';
import { cladeSizes, livingPhylogeny, pairwiseAbsoluteDifferences, shannon } from '../../src/engine/evolve/lineage/livingPhylogeny';
import { mrca as naiveMrca } from '../../src/engine/evolve/lineage/statistics';
import { knownTree } from './lineageTree';

/** Builds a lineage from [id, parent, birth generation] rows in birth order. */
function tree(rows: [number, number | null, number][]): Lineage {
  const l = new Lineage();
  for (const [id, parent, generation] of rows) l.birth({ id, parent, generation, sigma: 0 });
  return l;
}

/**
 *   0 (g0) ─┬─ 1 (g1) ─┬─ 3 (g2) *
 *           │          ├─ 4 (g3) *
 *           │          └─ 7 (g3) *
 *           └─ 2 (g1) * ── 5 (g2) ── 6 (g4) *
 * (* living: 2 is a living ancestor of living 6; 5 is a dead unary node.)
 */
const oneClade = () => tree([[0, null, 0], [1, 0, 1], [2, 0, 1], [3, 1, 2], [5, 2, 2], [4, 1, 3], [7, 1, 3], [6, 5, 4]]);

describe('the phylogeny of the living, on hand-computed trees', () => {
  it('one clade with a living ancestor and a unary node', () => {
    const p = livingPhylogeny(oneClade(), [3, 4, 7, 2, 6]);
    // Branches 0→1 (1), 1→3 (1), 1→4 (2), 1→7 (2), 0→2 (1), 2→5 (0), 5→6 (2).
    // By hand: 2→5 is born 1 → 2, so 1; PD = 1 + 1 + 2 + 2 + 1 + 1 + 2 = 10.
    expect(p.phylogeneticDiversity).toBe(10);
    // Path lengths: 3–4 3, 3–7 3, 4–7 4, 3–2 3, 3–6 6, 4–2 4, 4–6 7, 7–2 4, 7–6 7, 2–6 3: sum 44 over 10 pairs.
    expect(p.meanPairwiseDistance).toBeCloseTo(4.4, 12);
    expect(p.mrca).toBe(0);
    expect(p.mrcaDepth).toBe(0);
    // Collapsed tree: 0 {1: 3 leaves, 2: 2 leaves}; 1 {3, 4, 7}; 2 {its own leaf, 6} (5 collapsed).
    // Sackin = 5 + 3 + 2 = 10 (leaf depths 2·5); Colless = |3 − 2| + 0 + 0 = 1.
    expect(p.sackin).toBe(10);
    expect(p.colless).toBe(1);
    expect(p.cladeShannon).toBe(0);
    expect(p.clades).toEqual([{ founder: 0, size: 5, mrca: 0 }]);
  });

  it('two founder clades, joined at a virtual root at generation −1', () => {
    // knownTree: 0 → 1 → 3 (g2), 4; 0 → 2 → 5 (g3); founder 6 → 7 (g1).
    const p = livingPhylogeny(knownTree(), [3, 5, 7]);
    // Clade 0: 0→1 1, 1→3 1, 0→2 1, 2→5 2 (= 5); clade 6 is 7 alone; root→0 1, root→7 2.
    expect(p.phylogeneticDiversity).toBe(8);
    // 3–5: 2 + 3 = 5 (through 0); 3–7: 3 + 2 = 5 and 5–7: 4 + 2 = 6 (through the root) → 16 / 3.
    expect(p.meanPairwiseDistance).toBeCloseTo(16 / 3, 14);
    expect(p.mrca).toBeNull();
    expect(p.mrcaDepth).toBeNull();
    // Root {clade 0: 2 leaves, 7}; 0 {3, 5} (1 and 2 collapsed): Sackin 3 + 2, Colless |2 − 1|.
    expect(p.sackin).toBe(5);
    expect(p.colless).toBe(1);
    expect(p.cladeShannon).toBeCloseTo(-(2 / 3) * Math.log(2 / 3) - (1 / 3) * Math.log(1 / 3), 14);
    expect(p.clades).toEqual([{ founder: 0, size: 2, mrca: 0 }, { founder: 6, size: 1, mrca: 7 }]);
  });

  it('a caterpillar and a balanced tree give the textbook Sackin and Colless', () => {
    // Caterpillar of 4 leaves ((((a,b),c),d)): Sackin 3+3+2+1 = 9, Colless 0 + 1 + 2 = 3.
    const cat = tree([[0, null, 0], [1, 0, 1], [2, 0, 1], [3, 1, 2], [4, 1, 2], [5, 3, 3], [6, 3, 3]]);
    const c = livingPhylogeny(cat, [2, 4, 5, 6]);
    expect([c.sackin, c.colless]).toEqual([9, 3]);
    // Balanced ((a,b),(c,d)): Sackin 8, Colless 0; all branches 1: PD 6, MPD (2·2 + 4·4)/6.
    const bal = tree([[0, null, 0], [1, 0, 1], [2, 0, 1], [3, 1, 2], [4, 1, 2], [5, 2, 2], [6, 2, 2]]);
    const b = livingPhylogeny(bal, [3, 4, 5, 6]);
    expect([b.sackin, b.colless, b.phylogeneticDiversity]).toEqual([8, 0, 6]);
    expect(b.meanPairwiseDistance).toBeCloseTo(20 / 6, 14);
    expect(b.mrcaDepth).toBe(0);
  });

  it('a multifurcation: Colless sums |n_i − n_j| over every pair of children', () => {
    // Root with children holding 1, 2 and 4 leaves: 1 + 3 + 2 = 6, plus 0 below.
    const l = tree([[0, null, 0], [1, 0, 1], [2, 0, 1], [3, 0, 1], [4, 2, 2], [5, 2, 2], [6, 3, 2], [7, 3, 2], [8, 6, 3], [9, 6, 3], [10, 7, 3], [11, 7, 3]]);
    const p = livingPhylogeny(l, [1, 4, 5, 8, 9, 10, 11]);
    expect(p.colless).toBe(6);
    // Sackin: root 7 + node 2 2 + node 3 4 + 6 2 + 7 2 = 17 (depths 1 + 2·2 + 4·3).
    expect(p.sackin).toBe(17);
    expect(pairwiseAbsoluteDifferences([4, 1, 2])).toBe(6);
    expect(pairwiseAbsoluteDifferences([3])).toBe(0);
  });

  it('one living individual, and an MRCA deep in the tree', () => {
    const l = oneClade();
    const one = livingPhylogeny(l, [6]);
    expect(one).toMatchObject({ phylogeneticDiversity: 0, meanPairwiseDistance: null, sackin: 0, colless: 0, cladeShannon: 0, mrca: 6, mrcaDepth: 4 });
    const sibs = livingPhylogeny(l, [4, 7]);
    expect(sibs).toMatchObject({ phylogeneticDiversity: 4, meanPairwiseDistance: 4, sackin: 2, colless: 0, mrca: 1, mrcaDepth: 1 });
  });

  it('Shannon diversity of clade counts', () => {
    expect(shannon([5, 5])).toBeCloseTo(Math.log(2), 14);
    expect(shannon([1, 1, 1, 1])).toBeCloseTo(Math.log(4), 14);
    expect(shannon([7])).toBe(0);
    expect(shannon([])).toBe(0);
  });
});

/** Everything by brute force: explicit paths for every pair, an explicit collapsed tree. */
function naive(l: Lineage, living: number[]) {
  const born = (id: number) => l.get(id).generation;
  const anc = (id: number) => l.ancestry(id); // nearest first, ends at the founder
  const lca = (a: number, b: number): number | null => {
    const set = new Set(anc(a));
    for (const x of anc(b)) if (set.has(x)) return x;
    return null;
  };
  const dist = (a: number, b: number) => { const m = lca(a, b); return born(a) + born(b) - 2 * (m === null ? -1 : born(m)); };
  let pairs = 0, sum = 0;
  for (let i = 0; i < living.length; i++) for (let j = i + 1; j < living.length; j++) { sum += dist(living[i], living[j]); pairs++; }
  // Nodes of the tree: the union of the paths from each living individual to its clade's MRCA.
  const founders = [...new Set(living.map((id) => l.rootOf(id)))];
  const cladeMrca = new Map(founders.map((f) => {
    const members = living.filter((id) => l.rootOf(id) === f);
    return [f, naiveMrca(l, members)!];
  }));
  const nodes = new Set<number>();
  for (const id of living) {
    const top = cladeMrca.get(l.rootOf(id))!;
    for (const a of anc(id)) { nodes.add(a); if (a === top) break; }
  }
  let pd = 0;
  for (const v of nodes) if (!cladeMrca.has(l.rootOf(v)) || cladeMrca.get(l.rootOf(v)) !== v) pd += born(v) - born(l.get(v).parent!);
  if (founders.length > 1) for (const m of cladeMrca.values()) pd += born(m) + 1;
  // Leaf depths in the collapsed tree: count the branching nodes strictly above each leaf.
  const kids = new Map<number, number[]>();
  for (const v of nodes) {
    const p = l.get(v).parent;
    if (p !== null && nodes.has(p) && cladeMrca.get(l.rootOf(v)) !== v) { if (!kids.has(p)) kids.set(p, []); kids.get(p)!.push(v); }
  }
  const isLiving = new Set(living);
  const degree = (v: number) => (kids.get(v)?.length ?? 0) + (isLiving.has(v) && kids.has(v) ? 1 : 0);
  const leavesBelow = (v: number): number => (isLiving.has(v) ? 1 : 0) + (kids.get(v) ?? []).reduce((s, c) => s + leavesBelow(c), 0);
  let sackin = 0, colless = 0;
  for (const id of living) {
    // The leaf hangs below `id` itself when `id` has descendants in the tree (sampled ancestor).
    let depth = kids.has(id) ? 1 : 0;
    for (let v = l.get(id).parent, c = id; c !== cladeMrca.get(l.rootOf(id)); c = v!, v = l.get(v!).parent) if (degree(v!) >= 2) depth++;
    sackin += depth + (founders.length > 1 ? 1 : 0);
  }
  for (const v of nodes) {
    if (degree(v) < 2) continue;
    const parts = (kids.get(v) ?? []).map(leavesBelow);
    if (isLiving.has(v)) parts.push(1);
    for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) colless += Math.abs(parts[i] - parts[j]);
  }
  if (founders.length > 1) {
    const sizes = founders.map((f) => living.filter((id) => l.rootOf(id) === f).length);
    for (let i = 0; i < sizes.length; i++) for (let j = i + 1; j < sizes.length; j++) colless += Math.abs(sizes[i] - sizes[j]);
  }
  return { pd, mpd: pairs ? sum / pairs : null, sackin, colless };
}

/** A random evolution: `founders` founders, then each generation each living individual may reproduce or die. */
function randomRun(seed: string, founders: number, generations: number, population: number): { l: Lineage; living: number[] } {
  const rng = seedrandom(seed);
  const l = new Lineage();
  let next = 0;
  let living: number[] = [];
  for (let i = 0; i < founders; i++) { l.birth({ id: next, parent: null, generation: 0, sigma: 0 }); living.push(next++); }
  for (let g = 1; g <= generations; g++) {
    // Keep a random subset (elites), fill the rest with children of random survivors-or-dead parents.
    const keep = living.filter(() => rng() < 0.3);
    const children: number[] = [];
    while (keep.length + children.length < population) {
      const p = living[Math.floor(rng() * Math.min(living.length, 1 + Math.floor(rng() * living.length)))];
      l.birth({ id: next, parent: p, generation: g, sigma: 0 });
      children.push(next++);
    }
    for (const id of living) if (!keep.includes(id)) l.death(id, g);
    living = [...keep, ...children];
  }
  return { l, living };
}

describe('the phylogeny of the living against brute force', () => {
  it('agrees on random runs (one and several founder clades, living ancestors)', () => {
    for (let s = 0; s < 30; s++) {
      const { l, living } = randomRun(`phylo-${s}`, 1 + (s % 4), 3 + (s % 9), 5 + (s % 7));
      const p = livingPhylogeny(l, living);
      const q = naive(l, living);
      expect(p.phylogeneticDiversity, `seed ${s} PD`).toBe(q.pd);
      if (q.mpd === null) expect(p.meanPairwiseDistance).toBeNull();
      else expect(p.meanPairwiseDistance!, `seed ${s} MPD`).toBeCloseTo(q.mpd, 10);
      expect(p.sackin, `seed ${s} Sackin`).toBe(q.sackin);
      expect(p.colless, `seed ${s} Colless`).toBe(q.colless);
      const m = naiveMrca(l, living);
      expect(p.mrca, `seed ${s} MRCA`).toBe(m);
      const sizes = cladeSizes(l, living);
      expect([...sizes.values()].reduce((a, b) => a + b, 0)).toBe(living.length);
    }
  });

  // The cost claim: a generation visits the tree of the living, not the lineage. A long run
  // whose living coalesce recently must not walk back to generation 0.
  it('visits only the tree of the living, however long the run', () => {
    const l = new Lineage();
    l.birth({ id: 0, parent: null, generation: 0, sigma: 0 });
    let tip = 0, next = 1;
    for (let g = 1; g <= 5000; g++) { l.birth({ id: next, parent: tip, generation: g, sigma: 0 }); l.death(tip, g); tip = next++; }
    const living: number[] = [];
    for (let k = 0; k < 8; k++) { l.birth({ id: next, parent: tip, generation: 5001, sigma: 0 }); living.push(next++); }
    l.death(tip, 5001);
    let gets = 0;
    const counted = new Proxy(l, { get(target, key) { if (key === 'get') gets++; const v = Reflect.get(target, key, target); return typeof v === 'function' ? v.bind(target) : v; } });
    const p = livingPhylogeny(counted, living);
    expect(p.mrca).toBe(tip);
    expect(p.phylogeneticDiversity).toBe(8);
    expect(gets).toBeLessThan(100);
  });
});
