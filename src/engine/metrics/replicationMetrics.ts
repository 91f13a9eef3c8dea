import type { ReplicationMetrics } from '../../protocol/records';
import { lsrOf } from './losses';

export type { ReplicationMetrics };

/** Computed in float64 from the predictions f and the weights θ, both in coordinate order. */
export function replicationMetrics(f: Float32Array, theta: Float32Array): ReplicationMetrics {
  const n = theta.length;
  if (f.length !== n) throw new Error(`replicationMetrics: ${f.length} predictions for ${n} weights`);
  const lsr = lsrOf(f, theta);
  let abs = 0, absTheta = 0, sf = 0, st = 0;
  for (let i = 0; i < n; i++) {
    abs += Math.abs(f[i] - theta[i]);
    absTheta += Math.abs(theta[i]);
    sf += f[i];
    st += theta[i];
  }
  const mf = sf / n, mt = st / n;
  let cov = 0, vf = 0, vt = 0;
  for (let i = 0; i < n; i++) {
    const a = f[i] - mf, b = theta[i] - mt;
    cov += a * b; vf += a * a; vt += b * b;
  }
  return {
    lsr,
    rmsMargin: Math.sqrt(lsr / n),
    meanAbsMargin: abs / n,
    srq: Math.log(n / lsr),
    corr: vf > 0 && vt > 0 ? cov / Math.sqrt(vf * vt) : 0,
    meanAbsTheta: absTheta / n,
  };
}

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
