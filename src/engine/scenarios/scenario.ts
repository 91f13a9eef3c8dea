import type { DeepPartial, PaperConfig } from './paperConfig';

/** A number the paper reports, keyed by the summary path it compares with (e.g. `best.lsr`). */
export interface PaperNumber { metric: string; value: number; label: string }

export type PaperFigure = 'loss' | 'weights' | 'accuracy';

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
  paper: PaperNumber[];
  /** What the paper says qualitatively (explosions, collapse). */
  paperNotes: string[];
  /** Numbers of the independent PyTorch reimplementation (SPEC.md). */
  reference: string[];
  figures: PaperFigure[];
  /** The paper's full length where the default is shortened to finish in minutes. */
  fullEpochs?: number;
}
