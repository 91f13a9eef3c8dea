/** A point in objective space: accuracy `a` (maximised) and L_SR `l` (minimised). */
export interface ObjectivePoint {
  a: number;
  l: number;
}

/** p dominates q: no worse in both objectives and strictly better in at least one. */
export function dominates(p: ObjectivePoint, q: ObjectivePoint): boolean {
  return p.a >= q.a && p.l <= q.l && (p.a > q.a || p.l < q.l);
}

/**
 * Deb et al.'s fast non-dominated sort (NSGA-II, O(M·N²)): fronts of indices into
 * `points`, the first front non-dominated, each later front dominated only by earlier
 * ones. Identical points dominate neither way and share a front. Indices within a
 * front are ascending.
 */
export function nondominatedSort(points: readonly ObjectivePoint[]): number[][] {
  const n = points.length;
  const dominatedBy = Array.from({ length: n }, () => [] as number[]); // S_p: those p dominates
  const dominationCount = new Array<number>(n).fill(0); // n_p: how many dominate p
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      if (dominates(points[p], points[q])) { dominatedBy[p].push(q); dominationCount[q]++; }
      else if (dominates(points[q], points[p])) { dominatedBy[q].push(p); dominationCount[p]++; }
    }
  }
  const fronts: number[][] = [];
  let current = [] as number[];
  for (let p = 0; p < n; p++) if (dominationCount[p] === 0) current.push(p);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const p of current) {
      for (const q of dominatedBy[p]) if (--dominationCount[q] === 0) next.push(q);
    }
    current = next.sort((x, y) => x - y);
  }
  return fronts;
}

/**
 * Crowding distance of each member of `front` (indices into `points`), aligned with
 * `front`: per objective, sort the front, give both extremes Infinity and every interior
 * point the gap between its neighbours divided by the objective's range. Fronts of one
 * or two points are all extremes. An objective with zero or non-finite range (all equal,
 * or diverged points at ±Infinity) adds nothing to interior points.
 */
export function crowdingDistance(front: readonly number[], points: readonly ObjectivePoint[]): number[] {
  const m = front.length;
  const distance = new Array<number>(m).fill(0);
  if (m <= 2) return distance.fill(Infinity);
  for (const key of ['a', 'l'] as const) {
    // Positions into `front`, sorted by this objective (ties by index, for determinism).
    const byValue = front.map((_, i) => i).sort((x, y) => {
      const d = points[front[x]][key] - points[front[y]][key];
      return d === 0 || Number.isNaN(d) ? front[x] - front[y] : d;
    });
    const lo = points[front[byValue[0]]][key];
    const hi = points[front[byValue[m - 1]]][key];
    distance[byValue[0]] = Infinity;
    distance[byValue[m - 1]] = Infinity;
    const range = hi - lo;
    if (!(range > 0) || !Number.isFinite(range)) continue;
    for (let s = 1; s < m - 1; s++) {
      const gap = points[front[byValue[s + 1]]][key] - points[front[byValue[s - 1]]][key];
      distance[byValue[s]] += gap / range;
    }
  }
  return distance;
}

/** Crowded-comparison order (Deb's ≺n): lower front first, then larger crowding distance. */
export function crowdedBetter(rankX: number, crowdX: number, rankY: number, crowdY: number): boolean {
  return rankX < rankY || (rankX === rankY && crowdX > crowdY);
}

/**
 * Every point's front (0: non-dominated) and crowding distance within it, and NSGA-II's
 * crowded comparison of two points by index: what both NSGA-II selections order by.
 */
export function crowdedRanking(points: readonly ObjectivePoint[]): { rank: number[]; crowd: number[]; better: (x: number, y: number) => boolean } {
  const rank = new Array<number>(points.length);
  const crowd = new Array<number>(points.length);
  for (const [f, front] of nondominatedSort(points).entries()) {
    const d = crowdingDistance(front, points);
    front.forEach((i, k) => { rank[i] = f; crowd[i] = d[k]; });
  }
  return { rank, crowd, better: (x, y) => crowdedBetter(rank[x], crowd[x], rank[y], crowd[y]) };
}
