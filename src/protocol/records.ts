/**
 * The records a run writes and a session sends: one line of metrics.jsonl,
 * generations.jsonl and the lineage as the app sees it. Plain data, owned by the
 * protocol so the engine, the hosts and the renderer all read one definition.
 */

/** The replication metrics of one quine (SPEC "Losses and metrics"). */
export interface ReplicationMetrics {
  /** L_SR = Σ_c (f(c) − θ_c)², a sum over all N coordinates. */
  lsr: number;
  /** √(L_SR / N): the paper's "average weight prediction margin" (0.067 at L = 90.16). */
  rmsMargin: number;
  meanAbsMargin: number;
  /** Self-replicating quotient ln(N / L_SR). */
  srq: number;
  /** Pearson corr(f, θ): near 0 with shrinking |θ| means drift to the zero quine, not replication. */
  corr: number;
  meanAbsTheta: number;
}

export interface LaneMetrics extends ReplicationMetrics {
  /** Auxiliary only: test accuracy, each test image paired with its seeded coordinate. */
  accuracy?: number;
  /** Auxiliary only: the same with the coordinate half of the embedding zeroed. */
  accuracyNoCoord?: number;
  /** Auxiliary only: L_SR + λ·Σ CE over the N (coordinate, test image) pairs. */
  laux?: number;
}

/** What a metrics row measured: the initial state, an epoch, or a regeneration generation's two phases. */
export type Phase = 'initial' | 'epoch' | 'optimised' | 'regenerated';

/** One line of metrics.jsonl: one lane after one epoch (or generation phase). */
export interface MetricsRow extends LaneMetrics {
  arm: string;
  lane: number;
  seed: number;
  epoch: number;
  phase: Phase;
  /** Hill-climbing: proposals accepted this epoch. */
  accepted?: number;
  seconds: number;
}

/** One individual as the lineage view and inspector see it. */
export interface IndividualRow {
  id: number;
  parent: number | null;
  /** Generation of birth (ALife origin_time). */
  born: number;
  /** Generation of death (ALife destruction_time); null while alive. */
  died: number | null;
  accuracy: number | null;
  lsr: number | null;
  srq: number | null;
  corr: number | null;
  meanAbsTheta: number | null;
  sigma: number;
}

/** Per-generation population statistics (one line of generations.jsonl). */
export interface GenerationRow {
  generation: number;
  population: number;
  bestAccuracy: number;
  meanAccuracy: number;
  medianAccuracy: number;
  bestLsr: number;
  meanLsr: number;
  medianLsr: number;
  meanSrq: number;
  /** Triviality check: mean corr(f, θ) and mean |θ| (low L_SR with corr ≈ 0 and shrinking |θ| is the zero quine). */
  meanCorr: number;
  meanAbsTheta: number;
  diversity: number | null;
  heritability: number | null;
  survivingRoots: number;
  mrcaDepth: number | null;
  /** (accuracy, lsr) of the current population's first Pareto front. */
  front: [number, number][];
  seconds: number;
}

