/**
 * Which lane checkpoints a paper run directory holds, derived from its metrics rows,
 * so the app can offer them and the host find them without listing the folder.
 * A single arm writes `checkpoints/<lane>`; parallel arms (paper/optimizers) write
 * `checkpoints/<arm>-<lane>`; chained arms (quine/newton: one θ through every stage,
 * epochs counted on) write only the last stage's, as `checkpoints/<lane>`.
 */

type MetricsRow = Readonly<Record<string, unknown>>;

const armOf = (r: MetricsRow): string => String(r.arm ?? 'main');
const laneOf = (r: MetricsRow): number => (typeof r.lane === 'number' ? r.lane : 0);
const epochOf = (r: MetricsRow): number => (typeof r.epoch === 'number' ? r.epoch : 0);

/** Whether the arms ran one after another on one θ: a later arm's first row is past epoch 0. */
export function chainedArms(rows: readonly MetricsRow[]): boolean {
  const first = new Map<string, number>();
  for (const r of rows) first.set(armOf(r), Math.min(first.get(armOf(r)) ?? Infinity, epochOf(r)));
  return [...first.values()].some((e) => e > 0);
}

/** The checkpoint folder names under `checkpoints/`, in the order the run's rows first name them. */
export function paperCheckpointNames(rows: readonly MetricsRow[]): string[] {
  const arms: string[] = [];
  const lanes = new Map<string, number[]>();
  for (const r of rows) {
    const arm = armOf(r);
    if (!lanes.has(arm)) {
      arms.push(arm);
      lanes.set(arm, []);
    }
    const list = lanes.get(arm)!;
    if (!list.includes(laneOf(r))) list.push(laneOf(r));
  }
  if (!arms.length) return [];
  if (arms.length === 1 || chainedArms(rows)) return lanes.get(arms[arms.length - 1])!.map(String);
  return arms.flatMap((arm) => lanes.get(arm)!.map((l) => `${arm}-${l}`));
}
