// Pure layout of a Muller plot, kept apart from drawing so it can be tested by numbers:
// each lineage's band spans its clade (itself plus all descendants); its own share is
// split half below and half above its children, so a new child appears to bud out of the
// middle of its parent's band, as in the classic plots of evolving populations.

export interface MullerLineage {
  id: string;
  /** The lineage this one descends from; an id not among the lineages makes this a root. */
  parent?: string;
  /** Abundance at each generation, aligned with `generations`. */
  counts: number[];
}

export interface MullerBand {
  id: string;
  /** Resolved parent: undefined for a root (including one whose parent was not given). */
  parent?: string;
  /** 0 for roots, 1 for their children, … */
  depth: number;
  /** Own frequency (count / total) per generation; all bands' frequencies sum to 1. */
  frequency: number[];
  /** Bottom and top of the clade's band per generation, in frequency units 0..1. */
  lower: number[];
  upper: number[];
}

export interface MullerLayoutResult {
  /** Depth-first pre-order: every parent precedes its descendants, so drawing in this order nests children on top. */
  bands: MullerBand[];
  /** Total count per generation; a generation totalling 0 has every band empty. */
  totals: number[];
}

function checkInput(generations: readonly number[], lineages: readonly MullerLineage[]): void {
  generations.forEach((g, i) => {
    if (!Number.isFinite(g) || (i > 0 && g <= generations[i - 1])) {
      throw new RangeError(
        `mullerLayout: expected generations to be finite and strictly increasing, got generations[${i}] = ${g}` +
          (i > 0 ? ` after ${generations[i - 1]}` : ''),
      );
    }
  });
  const seen = new Set<string>();
  for (const lineage of lineages) {
    if (seen.has(lineage.id)) throw new RangeError(`mullerLayout: expected unique lineage ids, got "${lineage.id}" twice`);
    seen.add(lineage.id);
    if (lineage.counts.length !== generations.length) {
      throw new RangeError(
        `mullerLayout: expected lineage "${lineage.id}" to have ${generations.length} counts (one per generation), got ${lineage.counts.length}`,
      );
    }
    lineage.counts.forEach((c, i) => {
      if (!Number.isFinite(c) || c < 0) {
        throw new RangeError(`mullerLayout: expected lineage "${lineage.id}" counts[${i}] to be a finite count ≥ 0, got ${c}`);
      }
    });
  }
}

/** Lays out lineage abundances as nested bands of frequency. */
export function mullerLayout(generations: readonly number[], lineages: readonly MullerLineage[]): MullerLayoutResult {
  checkInput(generations, lineages);
  const G = generations.length;
  const byId = new Map(lineages.map((l, i) => [l.id, i]));
  const parentOf = lineages.map((l) => (l.parent !== undefined && l.parent !== l.id && byId.has(l.parent) ? byId.get(l.parent)! : -1));
  const children: number[][] = lineages.map(() => []);
  const roots: number[] = [];
  parentOf.forEach((p, i) => (p < 0 ? roots : children[p]).push(i));

  const totals = new Array<number>(G).fill(0);
  for (const l of lineages) for (let g = 0; g < G; g++) totals[g] += l.counts[g];
  const frequency = lineages.map((l) => l.counts.map((c, g) => (totals[g] > 0 ? c / totals[g] : 0)));

  // Pre-order without recursion: a chain of thousands of parent→child lineages is
  // ordinary in a long run and would overflow the call stack.
  const preorderOf = (starts: number[]): number[] => {
    const order: number[] = [];
    const stack = [...starts].reverse();
    while (stack.length > 0) {
      const i = stack.pop()!;
      order.push(i);
      for (let k = children[i].length - 1; k >= 0; k--) stack.push(children[i][k]);
    }
    return order;
  };
  let order = preorderOf(roots);
  if (order.length !== lineages.length) {
    const reached = new Set(order);
    const stuck = lineages.filter((_, i) => !reached.has(i)).map((l) => `"${l.id}"`);
    throw new RangeError(`mullerLayout: expected parent links to form a tree, but lineages ${stuck.join(', ')} form a cycle`);
  }

  // Clade size: own frequency plus all descendants', accumulated children-first.
  const clade = frequency.map((f) => [...f]);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    if (parentOf[i] >= 0) for (let g = 0; g < G; g++) clade[parentOf[i]][g] += clade[i][g];
  }
  // Siblings are ordered by when their clade first appears (then input order), so older
  // branches sit below younger ones and bands do not cross.
  const emergence = clade.map((c) => {
    const first = c.findIndex((v) => v > 0);
    return first < 0 ? G : first;
  });
  const byEmergence = (a: number, b: number): number => emergence[a] - emergence[b] || a - b;
  roots.sort(byEmergence);
  for (const list of children) list.sort(byEmergence);
  order = preorderOf(roots);

  const lower = lineages.map(() => new Array<number>(G).fill(0));
  const upper = lineages.map(() => new Array<number>(G).fill(0));
  const depth = new Array<number>(lineages.length).fill(0);
  for (let g = 0; g < G; g++) {
    // cursor[i]: where lineage i's next child band starts (above the lower half of i's own share).
    const cursor = new Array<number>(lineages.length).fill(0);
    let rootCursor = 0;
    for (const i of order) {
      const p = parentOf[i];
      const bottom = p < 0 ? rootCursor : cursor[p];
      if (p < 0) rootCursor += clade[i][g];
      else cursor[p] += clade[i][g];
      lower[i][g] = bottom;
      upper[i][g] = bottom + clade[i][g];
      cursor[i] = bottom + frequency[i][g] / 2;
      if (g === 0) depth[i] = p < 0 ? 0 : depth[p] + 1;
    }
  }

  return {
    bands: order.map((i) => ({
      id: lineages[i].id,
      parent: parentOf[i] < 0 ? undefined : lineages[parentOf[i]].id,
      depth: depth[i],
      frequency: frequency[i],
      lower: lower[i],
      upper: upper[i],
    })),
    totals,
  };
}
