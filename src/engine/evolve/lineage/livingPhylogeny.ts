import type { Lineage } from './lineage';

/**
 * The phylogeny of the living population in one generation, and its statistics.
 *
 * The tree. Its nodes are the living and their ancestors, each at its birth generation
 * (ALife `origin_time`); an edge joins a parent to a child and is as long as the
 * generations between their births (what the ALife standard's conversion to Newick
 * gives). The tree of the living is the smallest subtree spanning every living
 * individual. A living individual may be the ancestor of another living one (a
 * surviving elite and its child): it is then an internal node with the living
 * individual itself as an extra leaf on a zero-length branch (a sampled ancestor), so
 * every living individual is exactly one leaf. Founders have no common ancestor: when
 * more than one founder clade survives, the clades are joined at a virtual root at
 * generation −1, as if the founders (independent draws of one initialisation, born in
 * generation 0) were siblings: two founders are 2 generations apart, as two siblings
 * are, not 0 (which would call 16 unrelated networks identical). When one clade
 * survives, the tree is rooted at its MRCA.
 *
 * The statistics:
 * - `phylogeneticDiversity`: Faith's PD, the sum of the tree's branch lengths, in generations.
 * - `meanPairwiseDistance`: the mean over pairs of living individuals of the path length
 *   between them (generations); null with fewer than two living.
 * - `mrca` / `mrcaDepth`: the living's most recent common ancestor and its birth
 *   generation; null when more than one founder clade survives (no common ancestor).
 * - `sackin`: Sackin's index, the sum over leaves of their depth in edges, on the tree
 *   with unary nodes (an ancestor with one line of living descendants) collapsed:
 *   equivalently the sum over internal nodes of the leaves below them.
 * - `colless`: Colless's index generalised to multifurcating trees as the sum over
 *   internal nodes of Σ_{i<j} |n_i − n_j| over unordered pairs of its children, n being
 *   the leaves below each child. On a binary tree this is Colless's |n_left − n_right|;
 *   it is 0 exactly when every node's children hold equally many leaves (a star, a
 *   perfectly balanced tree), and, unlike (max − min), it sees every uneven child.
 * - `cladeShannon`: Shannon diversity −Σ p ln p (nats) of the living over founder clades.
 *
 * Cost. The tree is found by merging the living's lines of descent from the latest
 * birth backwards (a heap on birth generation) until each clade's lines meet: each step
 * visits one node of the tree of the living, so a generation costs O(T log n) for a tree
 * of T nodes, never a pass over the whole lineage; T ≤ n × (generations since the MRCA).
 */
export interface LivingPhylogeny {
  /** Living individuals. */
  living: number;
  /** Surviving founder clades, by founder id: founder, living members, and the clade's MRCA. */
  clades: { founder: number; size: number; mrca: number }[];
  mrca: number | null;
  mrcaDepth: number | null;
  phylogeneticDiversity: number;
  meanPairwiseDistance: number | null;
  sackin: number;
  colless: number;
  cladeShannon: number;
}

/** When the virtual root joining several founder clades lives: a generation before the founders. */
export const VIRTUAL_ROOT_GENERATION = -1;

/** Σ_{i<j} |a_i − a_j| in O(k log k): sorted ascending, a_(i) enters with sign (2i − k + 1). */
export function pairwiseAbsoluteDifferences(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  let total = 0;
  for (let i = 0; i < s.length; i++) total += s[i] * (2 * i - s.length + 1);
  return total;
}

/** Counts of the living per founder, by founder id: Shannon diversity and abundance.csv both read this. */
export function cladeSizes(lineage: Lineage, living: readonly number[]): Map<number, number> {
  const sizes = new Map<number, number>();
  for (const id of living) {
    const f = lineage.rootOf(id);
    sizes.set(f, (sizes.get(f) ?? 0) + 1);
  }
  return new Map([...sizes].sort((a, b) => a[0] - b[0]));
}

/** Shannon diversity −Σ p ln p (nats) of counts; 0 for one group or none. */
export function shannon(counts: Iterable<number>): number {
  const c = [...counts];
  const n = c.reduce((a, b) => a + b, 0);
  let h = 0;
  for (const k of c) if (k > 0) h -= (k / n) * Math.log(k / n);
  return h;
}

export function livingPhylogeny(lineage: Lineage, living: readonly number[]): LivingPhylogeny {
  const n = living.length;
  const isLiving = new Set(living);
  if (isLiving.size !== n) throw new Error('livingPhylogeny: living ids must be distinct');
  const born = (id: number) => lineage.get(id).generation;
  const byClade = new Map<number, number[]>();
  for (const id of living) {
    const f = lineage.rootOf(id);
    if (!byClade.has(f)) byClade.set(f, []);
    byClade.get(f)!.push(id);
  }
  const sizes = cladeSizes(lineage, living);
  let pd = 0, pairSum = 0, sackin = 0, colless = 0;
  const clades: LivingPhylogeny['clades'] = [];
  for (const [founder, size] of sizes) {
    const { mrca, order, children } = spanningTree(lineage, byClade.get(founder)!);
    const below = new Map<number, number>();
    for (const v of order) {
      const kids = children.get(v) ?? [];
      let count = isLiving.has(v) ? 1 : 0;
      const parts: number[] = [];
      for (const c of kids) {
        const b = below.get(c)!;
        count += b;
        parts.push(b);
        const length = born(c) - born(v);
        pd += length;
        pairSum += length * b * (n - b);
      }
      if (isLiving.has(v) && kids.length > 0) parts.push(1); // the sampled ancestor's own leaf
      below.set(v, count);
      if (parts.length >= 2) { // unary nodes are collapsed: they count in neither index
        sackin += count;
        colless += pairwiseAbsoluteDifferences(parts);
      }
    }
    clades.push({ founder, size, mrca });
  }
  if (clades.length >= 2) {
    // The virtual root at generation −1 joining the founder clades.
    for (const c of clades) {
      const length = born(c.mrca) - VIRTUAL_ROOT_GENERATION;
      pd += length;
      pairSum += length * c.size * (n - c.size);
    }
    sackin += n;
    colless += pairwiseAbsoluteDifferences(clades.map((c) => c.size));
  }
  const mrca = clades.length === 1 ? clades[0].mrca : null;
  return {
    living: n,
    clades,
    mrca,
    mrcaDepth: mrca === null ? null : born(mrca),
    phylogeneticDiversity: pd,
    meanPairwiseDistance: n >= 2 ? pairSum / ((n * (n - 1)) / 2) : null,
    sackin,
    colless,
    cladeShannon: shannon(sizes.values()),
  };
}

/**
 * The tree spanning `members` (living, one founder clade): lines of descent merged from
 * the latest birth backwards until one node is left, the MRCA. `order` lists the tree's
 * nodes children before parents (latest birth first), ending at the MRCA.
 */
function spanningTree(lineage: Lineage, members: readonly number[]): { mrca: number; order: number[]; children: Map<number, number[]> } {
  const heap = new BirthHeap(lineage);
  const children = new Map<number, number[]>();
  for (const id of members) heap.push(id);
  const order: number[] = [];
  const seen = new Set(members);
  while (heap.size > 1) {
    // The latest-born node of several cannot be an ancestor of the others (an ancestor
    // is born strictly earlier), so it is not the MRCA and has a parent.
    const x = heap.pop();
    order.push(x);
    const p = lineage.get(x).parent!;
    if (!children.has(p)) children.set(p, []);
    children.get(p)!.push(x);
    if (!seen.has(p)) { seen.add(p); heap.push(p); }
  }
  const mrca = heap.pop();
  order.push(mrca);
  return { mrca, order, children };
}

/** A binary max-heap of ids on (birth generation, id): the latest birth first, ties by the larger id. */
class BirthHeap {
  private readonly items: { id: number; g: number }[] = [];
  constructor(private readonly lineage: Lineage) {}
  get size(): number { return this.items.length; }
  private above(a: { id: number; g: number }, b: { id: number; g: number }): boolean {
    return a.g > b.g || (a.g === b.g && a.id > b.id);
  }
  push(id: number): void {
    const items = this.items;
    items.push({ id, g: this.lineage.get(id).generation });
    for (let i = items.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!this.above(items[i], items[p])) break;
      [items[i], items[p]] = [items[p], items[i]];
      i = p;
    }
  }
  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < items.length && this.above(items[l], items[m])) m = l;
        if (r < items.length && this.above(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top.id;
  }
}
