import type { ReplicationMetrics } from '../../protocol/records';

export type { ReplicationMetrics };

/** Computed in float64 from the predictions f and the weights θ, both in coordinate order. */
export function replicationMetrics(f: Float32Array, theta: Float32Array): ReplicationMetrics {
  const n = theta.length;
  if (f.length !== n) throw new Error(`replicationMetrics: ${f.length} predictions for ${n} weights`);
  let lsr = 0, abs = 0, absTheta = 0, sf = 0, st = 0;
  for (let i = 0; i < n; i++) {
    const d = f[i] - theta[i];
    lsr += d * d;
    abs += Math.abs(d);
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
