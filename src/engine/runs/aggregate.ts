import type { LaneMetrics } from '../metrics/evaluateLanes';

export interface Stat { mean: number; sd: number; n: number }
/** Mean and sample sd over seeds of every final metric and of the best L_SR. */
export type Aggregate = Record<string, Stat>;

export interface Best { lsr: number; epoch: number; srq: number; rmsMargin: number }

export function stat(values: number[]): Stat {
  const v = values.filter((x) => Number.isFinite(x));
  const n = v.length;
  const mean = n ? v.reduce((a, b) => a + b, 0) / n : NaN;
  const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

export function aggregate(runs: { initial: LaneMetrics; final: LaneMetrics; best: Best }[]): Aggregate {
  const out: Aggregate = {};
  if (!runs.length) return out;
  for (const part of ['initial', 'final'] as const) {
    for (const key of Object.keys(runs[0][part]) as (keyof LaneMetrics)[]) {
      out[`${part}.${key}`] = stat(runs.map((r) => r[part][key] as number));
    }
  }
  for (const key of Object.keys(runs[0].best) as (keyof Best)[]) out[`best.${key}`] = stat(runs.map((r) => r.best[key]));
  return out;
}

