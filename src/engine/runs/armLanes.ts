import type { LaneSet } from '../lanes/laneSet';
import { evaluateLanes, type Evaluation } from '../metrics/evaluateLanes';
import type { AuxImages } from '../models/fixedInputs';
import { lrMultiplier, type PaperConfig } from '../scenarios/paperConfig';
import { NewtonSolver, type NewtonReport } from '../solve/newton';
import { QuineMap } from '../solve/quineMap';
import { hillClimbEpoch } from '../train/hillClimb';
import { optimisationEpoch, type LaneStreams } from '../train/optimisationEpoch';
import type { Optimizer, OptimizerState } from '../train/optimizers/optimizer';
import type { ImageCursorState } from '../data/imageCursor';
import { createLaneOptimizers } from '../train/optimizers/registry';
import { regenerate } from '../train/regeneration';
import { seedLanes } from './laneSetup';
import type { StartState } from './startFrom';

import type { Phase } from '../../protocol/records';

export type { Phase };

/** One measurement of every lane after a phase of an epoch (or generation). */
export interface MeasuredPhase { phase: Phase; evals: Evaluation[]; accepted?: number[]; newton?: NewtonReport[] }

/**
 * Which lanes of an arm a group computes: seeds config.seed + first … + first + count − 1;
 * `start`, when given, holds every lane of the arm's starting θ (a --from checkpoint, or
 * the previous stage of a chained scenario) in place of a fresh init.
 */
export interface ArmLaneSpec { config: PaperConfig; first: number; count: number; start?: StartState; restore?: LaneState[] }

/**
 * Everything one lane carries from one epoch to the next, for a paper run's checkpoint:
 * θ (coordinate order), its optimiser's step and slots, the lr schedule's epoch count,
 * its shuffle and noise streams and image cursor, and the Newton solver's float64 θ and
 * damping once it has stepped. Restored, the lane continues with exactly the numbers of
 * an uninterrupted run.
 */
export interface LaneState {
  theta: Float32Array;
  optimizer: OptimizerState | null;
  optimisationEpochs: number;
  streams: { shuffle: object; noise?: object };
  images?: ImageCursorState;
  newton: { theta: Float64Array; mu: number } | null;
}

/**
 * The computation of some lanes of one paper arm — their θ, optimisers and streams —
 * one epoch (or generation) at a time, the same whichever thread runs it.
 */
export class ArmLanes {
  private readonly lanes: LaneSet;
  private readonly streams: LaneStreams[];
  private readonly optimizers?: Optimizer[];
  /** The optimisers' base learning rate (the lr schedule multiplies it). */
  private readonly baseLr: number = 0;
  /** Optimisation epochs run so far (the lr schedule counts these). */
  private optimisationEpochs = 0;
  private solvers?: NewtonSolver[];
  private last: Evaluation[] = [];

  constructor(private readonly spec: ArmLaneSpec, images?: AuxImages) {
    const c = spec.config;
    const restore = spec.restore?.slice(spec.first, spec.first + spec.count);
    const s = seedLanes({ ...c.model }, c.seed + spec.first, spec.count, c.model.kind === 'auxiliary' ? images : undefined, restore?.map((r) => ({ streams: r.streams, images: r.images })));
    this.lanes = s.lanes;
    this.streams = s.streams;
    if (spec.start) this.lanes.setCanonical(spec.start.thetas.slice(spec.first, spec.first + spec.count));
    const n = s.lanes.layout.count;
    const needsOptimizer = c.method === 'optimise' || c.method === 'classifier' || (c.method === 'regenerate' && c.regeneration.optimisationEpochs > 0);
    if (needsOptimizer) {
      this.optimizers = createLaneOptimizers(c.optimizer, s.lanes.k, n, c.lr > 0 ? { lr: c.lr } : {});
      this.baseLr = this.optimizers[0].hyper.lr;
    }
    if (restore) this.restore(restore);
  }

  private restore(states: LaneState[]): void {
    this.lanes.setCanonical(states.map((r) => r.theta));
    this.optimisationEpochs = states[0].optimisationEpochs;
    this.optimizers?.forEach((o, l) => {
      const saved = states[l].optimizer;
      if (saved) o.importState(saved);
    });
    if (states.every((r) => r.newton)) {
      const c = this.spec.config;
      this.solvers = states.map((r, l) => {
        const solver = new NewtonSolver(new QuineMap(this.lanes.inputsOf(l), this.lanes.architecture(l)), Float64Array.from(r.newton!.theta), c.newton);
        solver.damping = r.newton!.mu;
        return solver;
      });
    }
  }

  /** Each lane's state (see LaneState), between epochs. */
  exportState(): LaneState[] {
    const thetas = this.lanes.canonical();
    return thetas.map((theta, l) => ({
      theta,
      optimizer: this.optimizers ? this.optimizers[l].exportState() : null,
      optimisationEpochs: this.optimisationEpochs,
      streams: { shuffle: this.streams[l].shuffle.state(), ...(this.streams[l].noise ? { noise: this.streams[l].noise!.state() } : {}) },
      ...(this.streams[l].images ? { images: this.streams[l].images!.state() } : {}),
      newton: this.solvers ? { theta: Float64Array.from(this.solvers[l].theta), mu: this.solvers[l].damping } : null,
    }));
  }

  /** Every lane's evaluation now, with no draw from any stream (after a restore: what the last epoch measured). */
  evaluateNow(): Evaluation[] {
    this.last = this.evaluate();
    return this.last;
  }

  /** One optimisation epoch of every lane at the lr the schedule gives it. */
  private optimise(options: Parameters<typeof optimisationEpoch>[3]): void {
    this.optimisationEpochs += 1;
    const lr = this.baseLr * lrMultiplier(this.spec.config, this.optimisationEpochs);
    for (const o of this.optimizers!) o.hyper.lr = lr;
    optimisationEpoch(this.lanes, this.optimizers!, this.streams, options);
  }

  /** One Newton–Krylov step of every lane (each keeps its θ in float64 between steps). */
  private newtonStep(): NewtonReport[] {
    const c = this.spec.config;
    this.solvers ??= this.lanes.canonical().map((theta, l) => new NewtonSolver(new QuineMap(this.lanes.inputsOf(l), this.lanes.architecture(l)), Float64Array.from(theta), c.newton));
    const reports = this.solvers.map((s) => s.step());
    this.lanes.setCanonical(this.solvers.map((s) => Float32Array.from(s.theta)));
    return reports;
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
    const rep = { loss: c.loss.replication, targets: c.loss.targets };
    const weights = c.method === 'classifier' ? { replication: 0, task: c.lambda } : { replication: 1, task: c.model.kind === 'auxiliary' ? c.lambda : 0, ...rep };
    const options = { batchSize: c.batchSize, weights, onProgress };
    const measure = (phase: Phase, accepted?: number[], newton?: NewtonReport[]): MeasuredPhase => {
      this.last = this.evaluate();
      return { phase, evals: this.last, accepted, newton };
    };
    if (c.method === 'optimise' || c.method === 'classifier') {
      this.optimise(options);
      return [measure('epoch')];
    }
    if (c.method === 'newton') return [measure('epoch', undefined, this.newtonStep())];
    if (c.method === 'hill-climb') {
      const { accepted } = hillClimbEpoch(this.lanes, this.streams, { ...c.hillClimb, batchSize: c.batchSize, onProgress });
      return [measure('epoch', accepted)];
    }
    const phases: MeasuredPhase[] = [];
    for (let t = 0; t < c.regeneration.optimisationEpochs; t++) this.optimise(options);
    if (c.regeneration.optimisationEpochs > 0) phases.push(measure('optimised'));
    regenerate(this.lanes, this.last, { normalise: c.regeneration.normalise, beta: c.regeneration.beta });
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
