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
  /**
   * Accuracy of the genome before this lifetime's learning (a newborn's accuracy at birth):
   * what was inherited, as opposed to `accuracy`, which was learned (issue 9).
   */
  innateAccuracy: number;
  /**
   * r2 and corr of the child's weights before mutation against its recorded parent's
   * genome: how much of the parent went into the child. NaN for a founder.
   */
  transmissionR2: number;
  transmissionCorr: number;
}

export const METRIC_KEYS = ['accuracy', 'lsr', 'srq', 'corr', 'meanAbsTheta', 'r2', 'srqFree', 'bits', 'gain', 'rmsTheta', 'innateAccuracy', 'transmissionR2', 'transmissionCorr'] as const satisfies readonly (keyof LineageMetrics)[];
/** The metrics a checkpoint written before them lacks: read back as NaN (not measured). */
export const LATER_METRIC_KEYS: readonly (keyof LineageMetrics)[] = ['r2', 'srqFree', 'bits', 'gain', 'rmsTheta', 'innateAccuracy', 'transmissionR2', 'transmissionCorr'];

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
