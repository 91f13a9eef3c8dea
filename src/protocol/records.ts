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
  /**
   * Scale-free replication (SPEC "Beyond the paper"): r2 = 1 − L_SR / Σ(θ − mean θ)².
   * 0 for a network that outputs 0 whatever its L_SR; 1 for an exact quine.
   */
  r2: number;
  /** r2 within each weight block (W1, W2, Wout; Wcls on the auxiliary quine), each about its own mean. */
  r2W1: number;
  r2W2: number;
  r2Wout: number;
  r2Wcls?: number;
  /** ln(Σ(θ − mean θ)² / L_SR): the SRQ with the trivial scale taken out. */
  srqFree: number;
  /** max(0, (N/2)·log2(Σ(θ − mean θ)² / L_SR)): information replicated, in bits. */
  bits: number;
  /** Gain κ = ⟨f, θ⟩ / ⟨θ, θ⟩: 1 at a quine, the factor regeneration rescales θ by. */
  gain: number;
  /** √(Σθ² / N): shrinkage toward the zero quine shows here, not in L_SR. */
  rmsTheta: number;
}

/**
 * What a quine is, by SPEC's rule: `genuine` when r2 ≥ 0.99 with rmsTheta at least half
 * its initial value, `trivial` when r2 < 0.1 (whatever L_SR says), else `partial`.
 */
export const VERDICTS = ['genuine', 'partial', 'trivial'] as const;
export type Verdict = (typeof VERDICTS)[number];

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
  /** Newton–Krylov: the step's Jacobian-vector products, its Levenberg–Marquardt μ, and whether it restarted with a larger Krylov space. */
  krylov?: number;
  damping?: number;
  restarts?: number;
  /** Wall-clock seconds since the arm started: on live rows; stored apart in timings.jsonl (metrics.jsonl stays reproducible to the byte). */
  seconds?: number;
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
  /** Scale-free replication r2 and RMS θ (null when unmeasured or in an older run). */
  r2: number | null;
  rmsTheta: number | null;
  bits: number | null;
  /** Accuracy before this lifetime's learning (at birth for a newborn); transmission r2 of the child before mutation against its parent's genome. */
  innateAccuracy: number | null;
  transmissionR2: number | null;
  sigma: number;
}

/** Per-generation population statistics (one line of generations.jsonl). */
export interface GenerationRow {
  generation: number;
  population: number;
  /**
   * Individuals whose L_SR or accuracy is not finite (a diverged network: NaN or ±∞).
   * The means and medians leave them out, and no best is picked among them; when it
   * equals `population` the whole generation has diverged. Absent in rows written
   * before issue 11.
   */
  nonFinite?: number;
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
  /**
   * Scale-free replication of the population: best, mean and median r2, mean RMS θ — of
   * the weights that reproduce (the genomes under germline inheritance), on the pairing
   * the run measures L_SR with (its reproduction map under a fixed pairing).
   */
  bestR2: number;
  meanR2: number;
  /** Median r2 (absent in rows written before it). */
  medianR2?: number;
  meanRmsTheta: number;
  diversity: number | null;
  heritability: number | null;
  /** Bootstrap 95 % interval of the heritability and its permutation p (null where no slope exists). */
  heritabilityLow: number | null;
  heritabilityHigh: number | null;
  heritabilityP: number | null;
  /**
   * Inheritance (issue 9): accuracy before lifetime learning (best and mean), its
   * heritability (parent's innate accuracy when it reproduced → child's at birth, with
   * interval and p), and the mean transmission r2 and corr of this generation's
   * newborns (null in generation 0 and where nothing was measured).
   */
  bestInnateAccuracy: number;
  meanInnateAccuracy: number;
  innateHeritability: number | null;
  innateHeritabilityLow: number | null;
  innateHeritabilityHigh: number | null;
  innateHeritabilityP: number | null;
  /** Mean innate accuracy of this generation's newborns only: accuracy at birth (elites excluded, whose "innate" weights may have learned before). */
  meanBirthAccuracy: number | null;
  meanTransmissionR2: number | null;
  meanTransmissionCorr: number | null;
  /**
   * The Price equation's split of the change in mean learned accuracy since the previous
   * generation: selection Cov(w, z)/w̄ and transmission E(w·Δz)/w̄ (relearning included);
   * they sum to the change. Null in generation 0.
   */
  priceSelection: number | null;
  priceTransmission: number | null;
  survivingRoots: number;
  /** Birth generation of the living's most recent common ancestor; null while more than one founder clade survives. */
  mrcaDepth: number | null;
  /**
   * The phylogeny of the living (issue 12; see engine/evolve/lineage/livingPhylogeny.ts for
   * the tree and each definition): Faith's phylogenetic diversity and the mean pairwise
   * path length, in generations (branch length = generations between births; founder
   * clades joined at a virtual root at generation −1, so two founders are 2 apart);
   * Sackin's index and Colless's index generalised to multifurcations (Σ over pairs of
   * children of |n_i − n_j|) on the tree with unary nodes collapsed; Shannon diversity (nats) of the living over founder clades. Absent in rows
   * written before issue 12; meanPairwiseDistance is null with fewer than two living.
   */
  phylogeneticDiversity?: number;
  meanPairwiseDistance?: number | null;
  sackin?: number;
  colless?: number;
  cladeShannon?: number;
  /** (accuracy, lsr) of the current population's first Pareto front. */
  front: [number, number][];
  /** Wall-clock seconds of the generation: on live rows; stored apart in timings.jsonl (generations.jsonl stays reproducible to the byte). */
  seconds?: number;
}

