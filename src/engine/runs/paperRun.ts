import { ConfigError } from '../config/errors';
import { activeBackend } from '../backend/selectBackend';
import { evaluateLanes, type Evaluation, type LaneMetrics } from '../metrics/evaluateLanes';
import { laneDiverged, verdictOf, type Verdict } from '../metrics/replicationMetrics';
import type { ModelSpec } from '../models/modelSpec';
import { checkMethodFitsModel, type PaperConfig } from '../scenarios/paperConfig';
import type { PaperScenario } from '../scenarios/scenario';
import { paramLayout } from '../models/layout';
import { LANE_WORKER } from '../jobs/laneWorkerEntry';
import { createPool, type Pool } from '../threads/pool';
import type { ArmLaneSpec, MeasuredPhase } from './armLanes';
import type { NewtonReport } from '../solve/newton';
import { paperJobs, type PaperJobs } from './paperJobs';
import type { MetricsRow, Phase } from '../../protocol/records';
import { aggregate, type Aggregate, type Best } from './aggregate';
import { completeSpec, resolveStart, type StartState } from './startFrom';
import { fusedNotes } from './fusedNotes';
import type { LaneState } from './armLanes';

export type { Phase, MetricsRow };

export interface LaneResult {
  arm: string;
  seed: number;
  initial: LaneMetrics;
  final: LaneMetrics;
  best: Best;
  /** SPEC's verdict on the final state: genuine, partial or trivial (a diverged lane is trivial). */
  verdict: Verdict;
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

/** The arm in progress when the checkpoint was taken. */
export interface ArmSnapshot {
  arm: ArmConfig;
  epoch: number;
  epochOffset: number;
  initial: LaneMetrics[];
  best: { lsr: number; epoch: number }[];
  diverged: (false | number)[];
  /** A diverged lane's last finite measurement (its final result) and weights; null for the others. */
  lastFinite: ({ metrics: LaneMetrics; theta: Float32Array } | null)[];
  lanes: LaneState[];
}

/** A PaperRun between two units: everything needed to continue it exactly. */
export interface PaperRunSnapshot {
  /** Units (`step()` calls) done. */
  steps: number;
  armIndex: number;
  unitsDone: number;
  results: LaneResult[];
  /** A chained scenario's θ carried from its last finished stage. */
  carried: { spec: Required<ModelSpec>; epochs: number; thetas: Float32Array[] } | null;
  arm: ArmSnapshot | null;
}


export interface ProgressInfo { arm: string; epoch: number; epochs: number; step: number; steps: number; unitsDone: number; unitsTotal: number; loss?: number }

export interface PaperRunHooks {
  onRow?: (row: MetricsRow) => void;
  onProgress?: (p: ProgressInfo) => void;
  /** An arm finished: its lanes' final evaluations (for checkpoints and figures). */
  onArmDone?: (arm: ArmConfig, state: ArmState, evaluations: Evaluation[]) => void;
  onLog?: (message: string) => void;
}

export interface ArmState {
  arm: ArmConfig;
  spec: ModelSpec;
  /** Seed of each lane, in lane order. */
  seeds: number[];
  /** The lanes' computation: one context per contiguous group of lanes (a worker thread each when more than one). */
  pool: Pool<PaperJobs>;
  epoch: number;
  /** Epochs of the earlier stages of a chained scenario: rows count on from them. */
  epochOffset: number;
  started: number;
  initial: LaneMetrics[];
  last: Evaluation[];
  best: { lsr: number; epoch: number }[];
  diverged: (false | number)[];
}

/**
 * The best L_SR so far after a counted measurement at `epoch`: the minimum over the
 * initial state (epoch 0) and every counted epoch, the earliest on a tie — so a
 * method that only makes things worse reports its initial state as its best.
 */
export function nextBest(best: { lsr: number; epoch: number }, lsr: number, epoch: number): { lsr: number; epoch: number } {
  return lsr < best.lsr ? { lsr, epoch } : best;
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
  private unitsDone = 0;
  private readonly started = Date.now();
  /** A chained scenario's next stage starts from the last one's final θ. */
  private carried: { start: StartState; epochs: number } | null = null;
  readonly unitsTotal: number;
  /** Units done (`step()` calls): a checkpoint's number. */
  private steps = 0;
  /** The arm a resumed run continues, restored at its first step. */
  private pending: ArmSnapshot | null = null;

  constructor(readonly scenario: PaperScenario, readonly arms: ArmConfig[], private readonly hooks: PaperRunHooks = {}, private readonly dataDir?: string, private readonly threads = 1, resumed?: PaperRunSnapshot) {
    this.unitsTotal = arms.reduce((s, a) => s + a.config.epochs, 0);
    if (resumed) {
      this.steps = resumed.steps;
      this.armIndex = resumed.armIndex;
      this.unitsDone = resumed.unitsDone;
      this.results.push(...resumed.results);
      this.carried = resumed.carried && { start: { spec: resumed.carried.spec, thetas: resumed.carried.thetas }, epochs: resumed.carried.epochs };
      this.pending = resumed.arm;
      if (resumed.arm) (this.arms as ArmConfig[])[this.armIndex] = resumed.arm.arm;
    }
  }

  get done(): boolean { return this.armIndex >= this.arms.length; }
  get current(): ArmState | null { return this.state; }
  get unitsStepped(): number { return this.steps; }

  async step(): Promise<boolean> {
    if (this.done) return false;
    if (this.pending) await this.restoreArm(this.pending);
    if (!this.state) await this.setUp(this.arms[this.armIndex]);
    else await this.epoch(this.state);
    this.steps += 1;
    const s = this.state!;
    if (s.epoch >= s.arm.config.epochs || s.diverged.every((d) => d !== false)) await this.finishArm(s);
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
      paramCount: paramLayout(first.model.kind).count,
      lanes: first.seeds,
      runs: this.results,
      aggregate: byArm,
      paper,
      paperNotes: this.scenario.paperNotes,
      reference: this.scenario.reference,
      seconds: (Date.now() - this.started) / 1000,
    };
  }

  /**
   * The run between two units, for a checkpoint: finished arms' results, a chained
   * scenario's carried θ, and the arm in progress with every lane's state.
   */
  async snapshot(): Promise<PaperRunSnapshot> {
    const s = this.state;
    let arm: ArmSnapshot | null = this.pending;
    if (s) {
      const lanes = (await Promise.all(workers(s.pool).map((w) => s.pool.call(w, 'exportState', null)))).flat();
      const lastFinite = s.diverged.map((d, l) => (d === false ? null : { metrics: s.last[l].metrics, theta: s.last[l].theta }));
      arm = { arm: s.arm, epoch: s.epoch, epochOffset: s.epochOffset, initial: s.initial, best: s.best, diverged: s.diverged, lastFinite, lanes };
    }
    const c = this.carried;
    return {
      steps: this.steps, armIndex: this.armIndex, unitsDone: this.unitsDone, results: [...this.results],
      carried: c && { spec: completeSpec(c.start.spec), epochs: c.epochs, thetas: c.start.thetas }, arm,
    };
  }

  /** A resumed run's arm in progress: its lanes rebuilt from their states, their evaluation redone (it draws nothing). */
  private async restoreArm(saved: ArmSnapshot): Promise<void> {
    this.pending = null;
    const c = saved.arm.config;
    const seeds = Array.from({ length: c.seeds }, (_, k) => c.seed + k);
    const pool = await startArmPool({ config: c, first: 0, count: c.seeds, restore: saved.lanes }, this.threads, this.dataDir, this.hooks.onLog);
    const now = (await Promise.all(workers(pool).map((w) => pool.call(w, 'evaluate', null)))).flat();
    // A diverged lane's result is its last finite measurement, not its weights now.
    const last = now.map((e, l) => {
      const kept = saved.lastFinite[l];
      return kept ? { ...e, metrics: kept.metrics, theta: kept.theta } : e;
    });
    this.state = {
      arm: saved.arm, spec: completeSpec({ ...c.model }), seeds, pool, epoch: saved.epoch, epochOffset: saved.epochOffset, started: Date.now(),
      initial: saved.initial, last, best: saved.best, diverged: saved.diverged,
    };
  }

  /** Disposes the current arm's lanes (and worker threads) when a run is stopped early. */
  async close(): Promise<void> {
    if (this.state && !this.closed) await this.state.pool.dispose();
    this.closed = true;
  }
  private closed = false;

  private async setUp(planned: ArmConfig): Promise<void> {
    let arm = planned;
    const seeds = Array.from({ length: arm.config.seeds }, (_, k) => arm.config.seed + k);
    let start: StartState | undefined;
    if (this.scenario.chain && this.carried) {
      start = this.carried.start;
    } else if (arm.config.from !== '') {
      // The checkpoint says which quine this is; the method must suit it.
      start = resolveStart(arm.config.from, seeds);
      arm = { ...arm, config: { ...arm.config, model: { ...start.spec } } };
      checkMethodFitsModel(arm.config.method, arm.config.model.kind, 'config');
      (this.arms as ArmConfig[])[this.armIndex] = arm;
    }
    const c = arm.config;
    const n = paramLayout(c.model.kind).count;
    if (n % c.batchSize !== 0) throw new ConfigError('config.batchSize', `config.batchSize: must divide N = ${n}, got ${c.batchSize}`);
    if (activeBackend().name === 'fused') for (const note of fusedNotes(c)) this.hooks.onLog?.(`${arm.arm}: fused backend: ${note}`);
    const pool = await startArmPool({ config: c, first: 0, count: c.seeds, start }, this.threads, this.dataDir, this.hooks.onLog);
    const last = (await Promise.all(workers(pool).map((w) => pool.call(w, 'initial', null)))).flat();
    if (c.method === 'newton') {
      const bad = last.findIndex((e) => laneDiverged(e.metrics));
      if (bad >= 0) {
        await pool.dispose();
        throw new ConfigError('config.method', `config.method: "newton" needs a finite starting state, but lane ${bad} (seed ${seeds[bad]}) starts diverged (L_SR ${last[bad].metrics.lsr})`);
      }
    }
    const s: ArmState = {
      arm, spec: completeSpec({ ...c.model }), seeds, pool, epoch: 0, epochOffset: this.scenario.chain ? this.carried?.epochs ?? 0 : 0, started: Date.now(),
      initial: last.map((e) => e.metrics),
      last,
      // The initial state is a candidate for best: training may only make things worse.
      best: last.map((e) => ({ lsr: e.metrics.lsr, epoch: 0 })),
      diverged: last.map(() => false),
    };
    this.state = s;
    this.emitRows(s, last, 'initial');
  }

  private async epoch(s: ArmState): Promise<void> {
    const c = s.arm.config;
    s.epoch += 1;
    const progress = (step: number, steps: number) => this.hooks.onProgress?.({
      arm: s.arm.arm, epoch: s.epoch, epochs: c.epochs, step, steps, unitsDone: this.unitsDone, unitsTotal: this.unitsTotal, loss: s.last[0]?.metrics.lsr,
    });
    // Group 0 reports progress for all (the groups advance together).
    const report = (p: unknown) => progress(...(p as [number, number]));
    const perGroup = await Promise.all(workers(s.pool).map((w) => s.pool.call(w, 'epoch', null, w === 0 ? report : undefined)));
    for (const [k, first] of perGroup[0].entries()) {
      const merged: MeasuredPhase = {
        phase: first.phase,
        evals: perGroup.flatMap((phases) => phases[k].evals),
        accepted: first.accepted ? perGroup.flatMap((phases) => phases[k].accepted!) : undefined,
        newton: first.newton ? perGroup.flatMap((phases) => phases[k].newton!) : undefined,
      };
      this.measure(s, merged);
    }
    this.unitsDone += 1;
    progress(1, 1);
  }

  private measure(s: ArmState, m: MeasuredPhase): void {
    m.evals.forEach((e, l) => {
      if (s.diverged[l] !== false) return;
      if (laneDiverged(e.metrics)) {
        s.diverged[l] = s.epoch;
        return;
      }
      s.last[l] = e;
      const counts = m.phase === 'epoch' || m.phase === 'regenerated';
      if (counts) s.best[l] = nextBest(s.best[l], e.metrics.lsr, s.epoch);
    });
    this.emitRows(s, m.evals, m.phase, m.accepted, m.newton);
  }

  private emitRows(s: ArmState, evals: Evaluation[], phase: Phase, accepted?: number[], newton?: NewtonReport[]): void {
    const seconds = (Date.now() - s.started) / 1000;
    evals.forEach((e, l) => {
      if (s.diverged[l] !== false && s.diverged[l] !== s.epoch) return;
      const solver = newton ? { krylov: newton[l].iterations, damping: newton[l].damping, restarts: newton[l].restarts } : {};
      this.hooks.onRow?.({ arm: s.arm.arm, lane: l, seed: s.seeds[l], epoch: s.epochOffset + s.epoch, phase, ...e.metrics, ...(accepted ? { accepted: accepted[l] } : {}), ...solver, seconds });
    });
  }

  private async finishArm(s: ArmState): Promise<void> {
    const seconds = (Date.now() - s.started) / 1000;
    const n = paramLayout(s.spec.kind).count;
    s.seeds.forEach((seed, l) => {
      const lsr = s.best[l].lsr;
      const best = { ...s.best[l], srq: Math.log(n / lsr), rmsMargin: Math.sqrt(lsr / n) };
      const final = s.last[l].metrics;
      const verdict = s.diverged[l] !== false ? 'trivial' : verdictOf(final.r2, final.rmsTheta, s.initial[l].rmsTheta);
      this.results.push({ arm: s.arm.arm, seed, initial: s.initial[l], final, best, verdict, diverged: s.diverged[l], seconds });
    });
    this.unitsDone += s.arm.config.epochs - s.epoch;
    this.hooks.onArmDone?.(s.arm, s, s.last);
    if (this.scenario.chain) this.carried = { start: { spec: completeSpec(s.spec), thetas: s.last.map((e) => e.theta) }, epochs: s.epochOffset + s.epoch };
    await s.pool.dispose();
    this.state = null;
    this.armIndex += 1;
  }
}

const workers = (pool: Pool<PaperJobs>) => Array.from({ length: pool.size }, (_, w) => w);

/**
 * An arm's K lanes split into up to `threads` contiguous groups (worker threads when
 * more than one); every lane's numbers are the same however they are split.
 */
export async function startArmPool(spec: ArmLaneSpec, threads: number, dataDir?: string, log?: (m: string) => void): Promise<Pool<PaperJobs>> {
  const groups = Math.max(1, Math.min(threads, spec.count));
  const per = Math.ceil(spec.count / groups);
  const parts: ArmLaneSpec[] = [];
  for (let first = 0; first < spec.count; first += per) parts.push({ ...spec, first: spec.first + first, count: Math.min(per, spec.count - first) });
  return createPool(paperJobs, {
    entry: LANE_WORKER,
    backend: activeBackend().name,
    threadSetups: parts.map((p) => ({ spec: p, dataDir })),
    inProcessSetups: [{ spec, dataDir }],
    log: log && ((m) => log(m.replace(/^paper:/, 'paper run:'))),
  });
}
