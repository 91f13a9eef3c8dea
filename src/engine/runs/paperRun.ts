import { ConfigError } from '../config/errors';
import { activeBackend } from '../backend/selectBackend';
import { evaluateLanes, type Evaluation, type LaneMetrics } from '../metrics/evaluateLanes';
import { isDiverged } from '../metrics/replicationMetrics';
import type { AuxImages } from '../models/fixedInputs';
import type { ModelSpec } from '../models/modelSpec';
import type { PaperConfig } from '../scenarios/paperConfig';
import type { PaperScenario } from '../scenarios/scenario';
import { hillClimbEpoch } from '../train/hillClimb';
import { optimisationEpoch } from '../train/optimisationEpoch';
import type { Optimizer } from '../train/optimizers/optimizer';
import { createLaneOptimizers } from '../train/optimizers/registry';
import { regenerate } from '../train/regenerate';
import { auxImages, seedLanes, type SeedLanes } from './laneSetup';
import { aggregate, type Aggregate, type Best } from './aggregate';

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

export interface LaneResult {
  arm: string;
  seed: number;
  initial: LaneMetrics;
  final: LaneMetrics;
  best: Best;
  diverged: false | number;
  /** Wall time of the arm (its lanes are computed together). */
  seconds: number;
}

export interface RunSummary {
  scenario: string;
  title: string;
  backend: string;
  versions: Record<string, string>;
  paramCount: number;
  lanes: number;
  runs: LaneResult[];
  aggregate: Record<string, Aggregate>;
  paper: Record<string, number>;
  paperNotes: string[];
  reference: string[];
  seconds: number;
}

export interface ArmConfig { arm: string; config: PaperConfig }

export interface ProgressInfo { arm: string; epoch: number; epochs: number; step: number; steps: number; unitsDone: number; unitsTotal: number; loss?: number }

export interface PaperRunHooks {
  onRow?: (row: MetricsRow) => void;
  onProgress?: (p: ProgressInfo) => void;
  /** An arm finished: its lanes' final evaluations (for checkpoints and figures). */
  onArmDone?: (arm: ArmConfig, state: ArmState, evaluations: Evaluation[]) => void;
}

export interface ArmState {
  arm: ArmConfig;
  spec: ModelSpec;
  seeds: SeedLanes;
  optimizers?: Optimizer[];
  epoch: number;
  started: number;
  initial: LaneMetrics[];
  last: Evaluation[];
  best: { lsr: number; epoch: number }[];
  diverged: (false | number)[];
}

/** The loss a method trains on, used to detect divergence. */
function objective(config: PaperConfig, m: LaneMetrics): number {
  if (config.method === 'classifier') return (m.laux ?? 0) - m.lsr;
  return config.model.kind === 'auxiliary' && config.method === 'optimise' ? m.laux ?? m.lsr : m.lsr;
}

/**
 * A paper scenario run epoch by epoch: `step()` does one unit of work (an arm's
 * set-up with its initial metrics, or one epoch/generation) so a session can
 * pause, step and stop between units.
 */
export class PaperRun {
  private armIndex = 0;
  private state: ArmState | null = null;
  private readonly results: LaneResult[] = [];
  private images?: AuxImages;
  private unitsDone = 0;
  private readonly started = Date.now();
  readonly unitsTotal: number;

  constructor(readonly scenario: PaperScenario, readonly arms: ArmConfig[], private readonly hooks: PaperRunHooks = {}, private readonly dataDir?: string) {
    this.unitsTotal = arms.reduce((s, a) => s + a.config.epochs, 0);
  }

  get done(): boolean { return this.armIndex >= this.arms.length; }
  get current(): ArmState | null { return this.state; }

  step(): boolean {
    if (this.done) return false;
    if (!this.state) this.setUp(this.arms[this.armIndex]);
    else this.epoch(this.state);
    const s = this.state!;
    if (s.epoch >= s.arm.config.epochs || s.diverged.every((d) => d !== false)) this.finishArm(s);
    return !this.done;
  }

  summary(): RunSummary {
    const info = activeBackend();
    const first = this.arms[0].config;
    const paper: Record<string, number> = {};
    for (const p of this.scenario.paper) paper[p.metric] = p.value;
    const byArm: Record<string, Aggregate> = {};
    for (const a of this.arms) byArm[a.arm] = aggregate(this.results.filter((r) => r.arm === a.arm));
    return {
      scenario: this.scenario.name,
      title: this.scenario.title,
      backend: info.name,
      versions: info.versions,
      paramCount: first.model.kind === 'auxiliary' ? 21100 : 20100,
      lanes: first.seeds,
      runs: this.results,
      aggregate: byArm,
      paper,
      paperNotes: this.scenario.paperNotes,
      reference: this.scenario.reference,
      seconds: (Date.now() - this.started) / 1000,
    };
  }

  private setUp(arm: ArmConfig): void {
    const c = arm.config;
    const spec: ModelSpec = { ...c.model };
    if (spec.kind === 'auxiliary' && !this.images) this.images = auxImages(this.dataDir);
    const seeds = seedLanes(spec, c.seed, c.seeds, spec.kind === 'auxiliary' ? this.images : undefined);
    const n = seeds.lanes.layout.count;
    if (n % c.batchSize !== 0) throw new ConfigError('config.batchSize', `config.batchSize: must divide N = ${n}, got ${c.batchSize}`);
    const needsOptimizer = c.method === 'optimise' || c.method === 'classifier' || (c.method === 'regenerate' && c.regeneration.optimisationEpochs > 0);
    const optimizers = needsOptimizer ? createLaneOptimizers(c.optimizer, seeds.lanes.k, n, c.lr > 0 ? { lr: c.lr } : {}) : undefined;
    const last = evaluateLanes(seeds.lanes);
    const s: ArmState = {
      arm, spec, seeds, optimizers, epoch: 0, started: Date.now(),
      initial: last.map((e) => e.metrics),
      last,
      best: last.map((e) => ({ lsr: e.metrics.lsr, epoch: 0 })),
      diverged: last.map(() => false),
    };
    this.state = s;
    this.emitRows(s, last, 'initial');
  }

  private epoch(s: ArmState): void {
    const c = s.arm.config;
    const { lanes, streams } = s.seeds;
    s.epoch += 1;
    const progress = (step: number, steps: number) => this.hooks.onProgress?.({
      arm: s.arm.arm, epoch: s.epoch, epochs: c.epochs, step, steps, unitsDone: this.unitsDone, unitsTotal: this.unitsTotal, loss: s.last[0]?.metrics.lsr,
    });
    const weights = c.method === 'classifier' ? { replication: 0, task: c.lambda } : { replication: 1, task: c.model.kind === 'auxiliary' ? c.lambda : 0 };
    const epochOptions = { batchSize: c.batchSize, weights, onProgress: progress };
    let accepted: number[] | undefined;
    if (c.method === 'optimise' || c.method === 'classifier') {
      optimisationEpoch(lanes, s.optimizers!, streams, epochOptions);
      this.measure(s, 'epoch');
    } else if (c.method === 'hill-climb') {
      accepted = hillClimbEpoch(lanes, streams, { ...c.hillClimb, batchSize: c.batchSize, onProgress: progress }).accepted;
      this.measure(s, 'epoch', accepted);
    } else if (c.method === 'regenerate') {
      for (let t = 0; t < c.regeneration.optimisationEpochs; t++) optimisationEpoch(lanes, s.optimizers!, streams, epochOptions);
      if (c.regeneration.optimisationEpochs > 0) this.measure(s, 'optimised');
      regenerate(lanes, s.last);
      if (c.regeneration.resetOptimizer) s.optimizers?.forEach((o) => o.reset());
      this.measure(s, 'regenerated');
    }
    this.unitsDone += 1;
    progress(1, 1);
  }

  private measure(s: ArmState, phase: Phase, accepted?: number[]): void {
    const evals = evaluateLanes(s.seeds.lanes);
    const c = s.arm.config;
    evals.forEach((e, l) => {
      if (s.diverged[l] !== false) return;
      if (isDiverged(objective(c, e.metrics))) {
        s.diverged[l] = s.epoch;
        return;
      }
      s.last[l] = e;
      const counts = phase === 'epoch' || phase === 'regenerated';
      if (counts && (s.best[l].epoch === 0 || e.metrics.lsr < s.best[l].lsr)) s.best[l] = { lsr: e.metrics.lsr, epoch: s.epoch };
    });
    this.emitRows(s, evals, phase, accepted);
  }

  private emitRows(s: ArmState, evals: Evaluation[], phase: Phase, accepted?: number[]): void {
    const seconds = (Date.now() - s.started) / 1000;
    evals.forEach((e, l) => {
      if (s.diverged[l] !== false && s.diverged[l] !== s.epoch) return;
      this.hooks.onRow?.({ arm: s.arm.arm, lane: l, seed: s.seeds.seeds[l], epoch: s.epoch, phase, ...e.metrics, ...(accepted ? { accepted: accepted[l] } : {}), seconds });
    });
  }

  private finishArm(s: ArmState): void {
    const seconds = (Date.now() - s.started) / 1000;
    s.seeds.seeds.forEach((seed, l) => {
      const n = s.seeds.lanes.layout.count, lsr = s.best[l].lsr;
      const best = { ...s.best[l], srq: Math.log(n / lsr), rmsMargin: Math.sqrt(lsr / n) };
      this.results.push({ arm: s.arm.arm, seed, initial: s.initial[l], final: s.last[l].metrics, best, diverged: s.diverged[l], seconds });
    });
    this.unitsDone += s.arm.config.epochs - s.epoch;
    this.hooks.onArmDone?.(s.arm, s, s.last);
    s.optimizers?.forEach((o) => o.dispose());
    s.seeds.lanes.dispose();
    for (const i of s.seeds.lanes.inputs) i.dispose();
    this.state = null;
    this.armIndex += 1;
  }
}
