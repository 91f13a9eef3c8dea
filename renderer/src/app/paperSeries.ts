import { chartTheme } from '../charts/chartTheme';
import type { LineSeries } from '../charts/lineChart';

/**
 * Paper metrics rows (one per arm, lane and epoch or phase) as one line series per
 * arm and lane for a metric; rows lacking the metric are skipped. Lanes of one arm
 * share its colour, drawn lighter after the first, so arms read as groups.
 */
export function paperSeries(rows: readonly Record<string, unknown>[], metric: string): LineSeries[] {
  const byKey = new Map<string, { arm: string; lane: number; xs: number[]; ys: number[] }>();
  const arms: string[] = [];
  for (const row of rows) {
    const value = row[metric];
    if (typeof value !== 'number') continue;
    const arm = String(row.arm ?? 'main');
    const lane = Number(row.lane ?? 0);
    if (!arms.includes(arm)) arms.push(arm);
    const key = `${arm}\u0000${lane}`;
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { arm, lane, xs: [], ys: [] }));
    s.xs.push(Number(row.epoch ?? s.xs.length));
    s.ys.push(value);
  }
  const single = arms.length === 1;
  return [...byKey.values()].map((s) => {
    const a = arms.indexOf(s.arm);
    return {
      label: single ? `seed lane ${s.lane}` : s.arm,
      colour: chartTheme.series[(single ? s.lane : a) % chartTheme.series.length],
      xs: s.xs,
      ys: s.ys,
      width: s.lane === 0 || single ? 1.6 : 1,
      dashed: !single && s.lane > 0,
      legend: single ? s.lane < 6 : s.lane === 0,
    };
  });
}
