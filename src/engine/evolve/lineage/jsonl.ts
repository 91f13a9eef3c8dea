import type { Lineage } from './lineage';

const finiteOrNull = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/**
 * The lineage as JSON Lines, one individual per line, with the ALife field names. For
 * analysis tools (pandas, jq), so a non-finite metric (a diverged individual) is written
 * as null, not as a string; the lossless format for checkpoints is `Lineage.toJSON`.
 */
export function toJsonl(lineage: Lineage): string {
  return lineage.individuals().map((ind) => JSON.stringify({
    id: ind.id,
    parent: ind.parent,
    origin_time: ind.generation,
    destruction_time: ind.death,
    generation: ind.generation,
    sigma: ind.sigma,
    accuracy: finiteOrNull(ind.metrics?.accuracy),
    lsr: finiteOrNull(ind.metrics?.lsr),
    srq: finiteOrNull(ind.metrics?.srq),
    corr: finiteOrNull(ind.metrics?.corr),
    mean_abs_theta: finiteOrNull(ind.metrics?.meanAbsTheta),
    r2: finiteOrNull(ind.metrics?.r2),
    srq_free: finiteOrNull(ind.metrics?.srqFree),
    bits: finiteOrNull(ind.metrics?.bits),
    gain: finiteOrNull(ind.metrics?.gain),
    rms_theta: finiteOrNull(ind.metrics?.rmsTheta),
    innate_accuracy: finiteOrNull(ind.metrics?.innateAccuracy),
    transmission_r2: finiteOrNull(ind.metrics?.transmissionR2),
    transmission_corr: finiteOrNull(ind.metrics?.transmissionCorr),
  })).map((line) => line + '\n').join('');
}
