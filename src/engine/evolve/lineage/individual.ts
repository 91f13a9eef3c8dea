/** One individual of a lineage and its latest measurements (plain data, as checkpoints hold it). */

/** The latest measurements of one individual. */
export interface LineageMetrics {
  accuracy: number;
  lsr: number;
  srq: number;
  corr: number;
  meanAbsTheta: number;
  /** The scale-free replication metrics (SPEC "Beyond the paper"). */
  r2: number;
  srqFree: number;
  bits: number;
  gain: number;
  rmsTheta: number;
}

export const METRIC_KEYS = ['accuracy', 'lsr', 'srq', 'corr', 'meanAbsTheta', 'r2', 'srqFree', 'bits', 'gain', 'rmsTheta'] as const satisfies readonly (keyof LineageMetrics)[];
/** The metrics a checkpoint written before the scale-free ones lacks: read back as NaN (not measured). */
export const LATER_METRIC_KEYS: readonly (keyof LineageMetrics)[] = ['r2', 'srqFree', 'bits', 'gain', 'rmsTheta'];

export interface Individual {
  id: number;
  /** The individual it was regenerated from; null for a founder. */
  parent: number | null;
  /** Generation of birth (ALife origin_time). */
  generation: number;
  /** Mutation strength it was born with. */
  sigma: number;
  /** Generation from which it is gone (ALife destruction_time); null while alive. */
  death: number | null;
  metrics: LineageMetrics | null;
}
