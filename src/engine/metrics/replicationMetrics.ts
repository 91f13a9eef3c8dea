import type { ReplicationMetrics, Verdict } from '../../protocol/records';
import { lsrOf } from './losses';

export type { ReplicationMetrics, Verdict };

/** A block of θ by name, in coordinate order (ParamLayout.blocks). */
export interface MetricBlock { name: 'W1' | 'W2' | 'Wout' | 'Wcls'; offset: number; size: number }

/** Σ(x − mean x)² over [from, to), in float64. */
function spread(x: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i];
  const m = s / (to - from);
  let v = 0;
  for (let i = from; i < to; i++) v += (x[i] - m) ** 2;
  return v;
}

/**
 * Pearson correlation in float64 (scale-free, so it sees structure, not size); 0 where
 * either side has no spread; NaN where either side is not finite (a diverged network:
 * before, NaN > 0 failing made it 0, which read as "unrelated" rather than "diverged").
 */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    const x = a[i] - ma, y = b[i] - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  if (!Number.isFinite(aa) || !Number.isFinite(bb)) return NaN;
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** 1 − loss/spread; 0 where θ has no spread (the zero quine: no information to replicate). */
function r2Of(loss: number, ss: number): number {
  // A diverged θ (spread NaN or ∞) has no r2: NaN, never the 0 of a network without spread.
  if (!Number.isFinite(ss) || Number.isNaN(loss)) return NaN;
  return ss > 0 ? 1 - loss / ss : 0;
}

/**
 * Computed in float64 from the predictions f and the weights θ, both in coordinate
 * order; `blocks` (the layout's) gives the per-block r2. Without blocks the per-block
 * r2 are NaN.
 */
export function replicationMetrics(f: ArrayLike<number>, theta: ArrayLike<number>, blocks: readonly MetricBlock[] = []): ReplicationMetrics {
  const n = theta.length;
  if (f.length !== n) throw new Error(`replicationMetrics: ${f.length} predictions for ${n} weights`);
  const lsr = lsrOf(f, theta);
  let abs = 0, absTheta = 0, ft = 0, tt = 0;
  for (let i = 0; i < n; i++) {
    abs += Math.abs(f[i] - theta[i]);
    absTheta += Math.abs(theta[i]);
    ft += f[i] * theta[i];
    tt += theta[i] * theta[i];
  }
  const vt = spread(theta, 0, n);
  const ratio = vt / lsr; // Σ(θ − mean θ)² / L_SR: Infinity for an exact quine, NaN for 0/0
  const block = (name: MetricBlock['name']): number => {
    const b = blocks.find((x) => x.name === name);
    if (!b) return NaN;
    let loss = 0;
    for (let i = b.offset; i < b.offset + b.size; i++) loss += (f[i] - theta[i]) ** 2;
    return r2Of(loss, spread(theta, b.offset, b.offset + b.size));
  };
  const m: ReplicationMetrics = {
    lsr,
    rmsMargin: Math.sqrt(lsr / n),
    meanAbsMargin: abs / n,
    srq: Math.log(n / lsr),
    corr: correlation(f, theta),
    meanAbsTheta: absTheta / n,
    r2: r2Of(lsr, vt),
    r2W1: block('W1'),
    r2W2: block('W2'),
    r2Wout: block('Wout'),
    srqFree: !Number.isFinite(vt) ? NaN : vt > 0 ? Math.log(ratio) : -Infinity,
    bits: !Number.isFinite(vt) ? NaN : vt > 0 ? Math.max(0, (n / 2) * Math.log2(ratio)) : 0,
    gain: !Number.isFinite(tt) ? NaN : tt > 0 ? ft / tt : 0,
    rmsTheta: Math.sqrt(tt / n),
  };
  if (blocks.some((b) => b.name === 'Wcls')) m.r2Wcls = block('Wcls');
  return m;
}

/** The blocks of a layout as replicationMetrics takes them. */
export function metricBlocks(layout: { blocks: readonly { name: MetricBlock['name']; offset: number; shape: readonly number[] }[] }): MetricBlock[] {
  return layout.blocks.map((b) => ({ name: b.name, offset: b.offset, size: b.shape.reduce((a, c) => a * c, 1) }));
}

export { verdictOf } from '../../protocol/verdict';

/** Divergence per SPEC: NaN/Inf, or a loss above 1e6. */
export function isDiverged(loss: number): boolean {
  return !Number.isFinite(loss) || loss > 1e6;
}

/**
 * Whether a lane's measurement ends its run as diverged: its L_SR diverged, or its
 * L_aux is NaN/Inf. L_aux is not judged by size: its λ·Σ CE half (~1.3e5·λ at
 * initialisation) is large by construction and says nothing about replication, so a
 * large λ would end a healthy auxiliary run at once.
 */
export function laneDiverged(m: { lsr: number; laux?: number }): boolean {
  return isDiverged(m.lsr) || (m.laux !== undefined && !Number.isFinite(m.laux));
}
