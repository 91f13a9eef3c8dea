/** Plain records of an evolution run: what logs hold, events carry and the app draws. */

import type { IndividualRow } from '../../protocol/records';
import type { LaneMetrics } from '../metrics/evaluateLanes';
import type { Individual } from './lineage/lineage';

export type { GenerationRow, IndividualRow } from '../../protocol/records';

/** An individual of the lineage as a record (unmeasured or non-finite metrics become null). */
export function individualRow(ind: Individual): IndividualRow {
  const m = ind.metrics;
  const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
  return {
    id: ind.id, parent: ind.parent, born: ind.generation, died: ind.death, sigma: ind.sigma,
    accuracy: num(m?.accuracy), lsr: num(m?.lsr), srq: num(m?.srq), corr: num(m?.corr), meanAbsTheta: num(m?.meanAbsTheta),
    r2: num(m?.r2), rmsTheta: num(m?.rmsTheta), bits: num(m?.bits),
    innateAccuracy: num(m?.innateAccuracy), transmissionR2: num(m?.transmissionR2),
  };
}

/**
 * One individual's evaluation in one generation: metrics, weights and predictions after
 * its lifetime learning (the soma, under germline inheritance), and the accuracy of its
 * weights before that learning.
 */
export interface EvolutionMeasurement {
  id: number; metrics: LaneMetrics; theta: Float32Array; predictions: Float32Array; innateAccuracy: number;
  /** Germline: the learned soma that `metrics.accuracy` measured (`theta` is the genome). */
  soma?: Float32Array;
}
