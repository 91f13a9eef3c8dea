import type { DeepPartial, PaperConfig } from './paperConfig';

/** A number the paper reports, keyed by the summary path it compares with (e.g. `best.lsr`). */
export interface PaperNumber { metric: string; value: number; label: string }

/** loss: L_SR (or L_aux) per epoch; replication: r2 and rmsTheta per epoch; weights: weights beside predictions; accuracy: test accuracy. */
export type PaperFigure = 'loss' | 'replication' | 'weights' | 'accuracy';

/** One preset that reproduces an experiment of the paper. */
export interface PaperScenario {
  name: string;
  title: string;
  /** The paper's figure it redraws, if any. */
  figure?: string;
  summary: string;
  config: DeepPartial<PaperConfig>;
  /** Several configurations compared in one run (e.g. the six optimisers of Fig. 4). */
  arms?: { name: string; config: DeepPartial<PaperConfig> }[];
  /**
   * The arms are stages of one computation, not alternatives: each starts from the
   * previous stage's final θ (same seeds and model), its rows counting epochs on from
   * it; only the last stage's checkpoints are written.
   */
  chain?: boolean;
  /** Set when the scenario must start from a checkpoint (`from`): what to give it, for the error without one. */
  needsFrom?: string;
  paper: PaperNumber[];
  /** What the paper says qualitatively (explosions, collapse). */
  paperNotes: string[];
  /** Numbers of the independent PyTorch reimplementation (SPEC.md). */
  reference: string[];
  figures: PaperFigure[];
  /** The paper's full length where the default is shortened to finish in minutes. */
  fullEpochs?: number;
}
