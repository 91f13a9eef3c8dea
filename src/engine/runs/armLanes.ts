import type { LaneSet } from '../lanes/laneSet';
import { evaluateLanes, type Evaluation } from '../metrics/evaluateLanes';
import type { AuxImages } from '../models/fixedInputs';
import type { PaperConfig } from '../scenarios/paperConfig';
import { hillClimbEpoch } from '../train/hillClimb';
import { optimisationEpoch, type LaneStreams } from '../train/optimisationEpoch';
import type { Optimizer } from '../train/optimizers/optimizer';
import { createLaneOptimizers } from '../train/optimizers/registry';
import { regenerate } from '../train/regeneration';
import { seedLanes } from './laneSetup';

import type { Phase } from '../../protocol/records';

export type { Phase };

/** One measurement of every lane after a phase of an epoch (or generation). */
export interface MeasuredPhase { phase: Phase; evals: Evaluation[]; accepted?: number[] }

/** Which lanes of an arm a group computes: seeds config.seed + first … + first + count − 1. */
export interface ArmLaneSpec { config: PaperConfig; first: number; count: number }

/**
 * The computation of some lanes of one paper arm — their θ, optimisers and streams —
 * one epoch (or generation) at a time, the same whichever thread runs it.
 */
export class ArmLanes {
  private readonly lanes: LaneSet;
  private readonly streams: LaneStreams[];
  private readonly optimizers?: Optimizer[];
  private last: Evaluation[] = [];

  constructor(private readonly spec: ArmLaneSpec, images?: AuxImages) {
    const c = spec.config;
    const s = seedLanes({ ...c.model }, c.seed + spec.first, spec.count, c.model.kind === 'auxiliary' ? images : undefined);
    this.lanes = s.lanes;
    this.streams = s.streams;
    const n = s.lanes.layout.count;
    const needsOptimizer = c.method === 'optimise' || c.method === 'classifier' || (c.method === 'regenerate' && c.regeneration.optimisationEpochs > 0);
    if (needsOptimizer) this.optimizers = createLaneOptimizers(c.optimizer, s.lanes.k, n, c.lr > 0 ? { lr: c.lr } : {});
  }

  initial(): Evaluation[] {
    this.last = this.evaluate();
    return this.last;
  }

  /** Every lane's metrics, L_aux at the run's own λ (the one it trains on), not the paper's default. */
  private evaluate(): Evaluation[] {
    return evaluateLanes(this.lanes, true, true, true, this.spec.config.lambda);
  }

  epoch(onProgress?: (step: number, steps: number) => void): MeasuredPhase[] {
    const c = this.spec.config;
    const weights = c.method === 'classifier' ? { replication: 0, task: c.lambda } : { replication: 1, task: c.model.kind === 'auxiliary' ? c.lambda : 0 };
    const options = { batchSize: c.batchSize, weights, onProgress };
    const measure = (phase: Phase, accepted?: number[]): MeasuredPhase => {
      this.last = this.evaluate();
      return { phase, evals: this.last, accepted };
    };
    if (c.method === 'optimise' || c.method === 'classifier') {
      optimisationEpoch(this.lanes, this.optimizers!, this.streams, options);
      return [measure('epoch')];
    }
    if (c.method === 'hill-climb') {
      const { accepted } = hillClimbEpoch(this.lanes, this.streams, { ...c.hillClimb, batchSize: c.batchSize, onProgress });
      return [measure('epoch', accepted)];
    }
    const phases: MeasuredPhase[] = [];
    for (let t = 0; t < c.regeneration.optimisationEpochs; t++) optimisationEpoch(this.lanes, this.optimizers!, this.streams, options);
    if (c.regeneration.optimisationEpochs > 0) phases.push(measure('optimised'));
    regenerate(this.lanes, this.last);
    if (c.regeneration.resetOptimizer) this.optimizers?.forEach((o) => o.reset());
    phases.push(measure('regenerated'));
    return phases;
  }

  dispose(): void {
    this.optimizers?.forEach((o) => o.dispose());
    this.lanes.dispose();
    for (const i of this.lanes.inputs) i.dispose();
  }
}
