import type { Lineage } from './lineage';

/** Abundances for a Muller plot: one row of counts per clade, aligned with `generations`. */
export interface MullerData {
  generations: number[];
  lineages: { id: string; parent?: string; counts: number[] }[];
}

/**
 * Counts, for each of `generations`, the individuals present then (born at or before,
 * not yet dead), grouped by clade. A clade is named by the ancestor at tree depth
 * `cladeDepth` (0 = founders, so one lineage per founder); an individual shallower than
 * that is its own clade. Clades are listed parents first, each with its parent clade,
 * as Muller-plot tools need; a clade is listed if it or a descendant clade has a count.
 * Every generation's counts sum to the number of individuals present then.
 */
export function muller(lineage: Lineage, generations: readonly number[], cladeDepth = 0): MullerData {
  if (!Number.isInteger(cladeDepth) || cladeDepth < 0) {
    throw new Error(`muller: cladeDepth must be an integer ≥ 0 (got ${cladeDepth})`);
  }
  const individuals = lineage.individuals(); // birth order: parents first
  const depth = new Map<number, number>();
  const clade = new Map<number, number>();
  for (const ind of individuals) {
    const d = ind.parent === null ? 0 : depth.get(ind.parent)! + 1;
    depth.set(ind.id, d);
    clade.set(ind.id, d <= cladeDepth ? ind.id : clade.get(ind.parent!)!);
  }
  const counts = new Map<number, number[]>();
  for (const ind of individuals) {
    generations.forEach((g, k) => {
      if (ind.generation > g || (ind.death !== null && ind.death <= g)) return; // not present in g
      const c = clade.get(ind.id)!;
      if (!counts.has(c)) counts.set(c, new Array<number>(generations.length).fill(0));
      counts.get(c)![k]++;
    });
  }
  // Clades with counts, and every clade above them, so each listed parent is listed too.
  const listed = new Set<number>();
  for (const c of counts.keys()) {
    for (let a: number | null = c; a !== null && !listed.has(a); a = lineage.get(a).parent) listed.add(a);
  }
  const lineages: MullerData['lineages'] = [];
  for (const ind of individuals) {
    if (!listed.has(ind.id)) continue;
    const row: MullerData['lineages'][number] = {
      id: String(ind.id),
      counts: counts.get(ind.id) ?? new Array<number>(generations.length).fill(0),
    };
    if (ind.parent !== null) row.parent = String(ind.parent);
    lineages.push(row);
  }
  return { generations: [...generations], lineages };
}
