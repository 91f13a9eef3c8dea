import type { Lineage } from './lineage';

/**
 * Heritability of accuracy as the slope of the parent–offspring regression
 * (least squares, child on parent). Reproduction is asexual (a child is its one
 * parent's regeneration plus mutation), so the slope estimates broad-sense
 * heritability directly; the factor 2 of the sexual mid-parent case does not apply.
 * Pairs with a non-finite value (a diverged individual) are left out. Null when
 * fewer than 3 pairs remain or the parents' accuracies do not vary (no slope exists).
 */
export function heritability(pairs: readonly { parent: number; child: number }[]): number | null {
  const ok = pairs.filter((p) => Number.isFinite(p.parent) && Number.isFinite(p.child));
  const n = ok.length;
  if (n < 3) return null;
  let mx = 0, my = 0;
  for (const p of ok) { mx += p.parent; my += p.child; }
  mx /= n; my /= n;
  let sxx = 0, sxy = 0;
  for (const p of ok) { sxx += (p.parent - mx) ** 2; sxy += (p.parent - mx) * (p.child - my); }
  // Relative threshold: identical parents can leave rounding noise of order ε·mean².
  if (!(sxx > 1e-12 * n * Math.max(1, mx * mx))) return null;
  return sxy / sxx;
}

/** How many founders still have at least one living descendant (themselves included). */
export function survivingRootLineages(lineage: Lineage, aliveIds: readonly number[]): number {
  return new Set(aliveIds.map((id) => lineage.rootOf(id))).size;
}

/**
 * The most recent common ancestor of all `aliveIds` (an individual counts as its own
 * ancestor): null when there are none, or when they descend from different founders.
 * The direct definition, O(n × depth); each generation's row takes the MRCA from
 * livingPhylogeny, which finds it while building the tree of the living.
 */
export function mrca(lineage: Lineage, aliveIds: readonly number[]): number | null {
  if (aliveIds.length === 0) return null;
  const chain = lineage.ancestry(aliveIds[0]); // nearest first
  const position = new Map(chain.map((id, i) => [id, i]));
  let deepest = 0; // the MRCA is the chain member furthest toward the founder that any walk needs
  for (const id of aliveIds.slice(1)) {
    let hit: number | undefined;
    for (let a: number | null = id; a !== null && hit === undefined; a = lineage.get(a).parent) hit = position.get(a);
    if (hit === undefined) return null; // a different founder
    deepest = Math.max(deepest, hit);
  }
  return chain[deepest];
}

/** Diversity is measured on a random subset of coordinates of at most this many. */
export const DIVERSITY_COORDINATES = 512;

/**
 * `count` distinct coordinate indices from [0, n), ascending (Floyd's algorithm: O(count)
 * draws, no array of size n). Draw them once per run from a named stream, so every
 * generation's diversity is measured on the same coordinates.
 */
export function sampleCoordinates(n: number, rand: () => number, count = DIVERSITY_COORDINATES): number[] {
  const k = Math.min(n, count);
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = Math.min(j, Math.floor(rand() * (j + 1)));
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((x, y) => x - y);
}

/**
 * Mean pairwise Euclidean distance between weight vectors, restricted to `coordinates`.
 * Null with fewer than two vectors (no pair exists).
 */
export function diversity(values: readonly ArrayLike<number>[], coordinates: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const len = values[0].length;
  for (const [i, v] of values.entries()) {
    if (v.length !== len) throw new Error(`diversity: values[${i}] must have length ${len} like values[0] (got ${v.length})`);
  }
  for (const c of coordinates) {
    if (!Number.isInteger(c) || c < 0 || c >= len) throw new Error(`diversity: coordinates must be integers in [0, ${len}) (got ${c})`);
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (const c of coordinates) { const d = values[i][c] - values[j][c]; s += d * d; }
      total += Math.sqrt(s);
    }
  }
  return total / ((n * (n - 1)) / 2);
}
