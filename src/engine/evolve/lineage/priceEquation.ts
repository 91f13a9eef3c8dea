/**
 * The Price equation over one generation: w̄·Δz̄ = Cov(w, z) + E(w·Δz), split into a
 * selection term S = Cov(w, z)/w̄ and a transmission term T = E(w·Δz)/w̄, S + T = Δz̄.
 *
 * Generation g's individuals carry trait z and have w "offspring" in generation g + 1:
 * their children, plus themselves when they survive as elites (a survivor is its own
 * offspring, with its trait re-measured). Δz_i is the mean offspring trait minus z_i.
 * For the learned accuracy of `evo/default` this says how much of the change in mean
 * accuracy selection explains and how much is made or lost between parent and
 * offspring, relearning included (issue 9).
 *
 * Pairs with a non-finite trait on either side (a diverged individual) are left out,
 * with the parent's other offspring; null when nothing is left.
 */
export interface PriceSplit { selection: number; transmission: number; change: number }

export function priceSplit(parents: readonly { id: number; z: number }[], offspring: readonly { parent: number; z: number }[]): PriceSplit | null {
  const bad = new Set<number>();
  for (const p of parents) if (!Number.isFinite(p.z)) bad.add(p.id);
  for (const o of offspring) if (!Number.isFinite(o.z)) bad.add(o.parent);
  const kept = parents.filter((p) => !bad.has(p.id));
  if (!kept.length) return null;
  const keptIds = new Set(kept.map((p) => p.id));
  const sum = new Map<number, number>();
  const count = new Map<number, number>();
  for (const o of offspring) {
    if (bad.has(o.parent)) continue;
    if (!keptIds.has(o.parent)) return null;
    sum.set(o.parent, (sum.get(o.parent) ?? 0) + o.z);
    count.set(o.parent, (count.get(o.parent) ?? 0) + 1);
  }
  const n = kept.length;
  const w = kept.map((p) => count.get(p.id) ?? 0);
  const total = w.reduce((a, b) => a + b, 0);
  const wBar = total / n;
  if (wBar === 0) return null;
  const zBar = kept.reduce((a, p) => a + p.z, 0) / n;
  let cov = 0, trans = 0, next = 0;
  kept.forEach((p, i) => {
    cov += (w[i] * p.z) / n;
    if (w[i] > 0) {
      const mean = sum.get(p.id)! / w[i];
      trans += (w[i] * (mean - p.z)) / n;
      next += sum.get(p.id)!;
    }
  });
  cov -= wBar * zBar;
  return { selection: cov / wBar, transmission: trans / wBar, change: next / total - zBar };
}
