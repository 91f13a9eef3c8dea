import { join } from 'node:path';
import { activeBackend } from '../backend/selectBackend';
import { overlayConfig } from '../config/validate';
import type { Evaluation } from '../metrics/evaluateLanes';
import { validatePaperConfig } from '../scenarios/paperConfig';
import { findScenario } from '../scenarios/registry';
import type { PaperScenario } from '../scenarios/scenario';
import { SteppedSession, type SteppedRun } from '../session/steppedSession';
import { JsonlLog } from '../store/jsonlLog';
import { RunDirectory } from '../store/runDirectory';
import { ConfigError } from '../config/errors';
import { writeLaneCheckpoint } from '../store/laneCheckpoint';
import { resolveStart } from './startFrom';
import { paramLayout } from '../models/layout';
import { makeProjections } from '../models/projection';
import { RandomStreams } from '../random/streams';
import { auxImages } from './laneSetup';
import { PaperRun, type ArmConfig, type ArmState, type MetricsRow } from './paperRun';
import { toJsonSafe } from '../../shared/jsonSafe';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { cleanStaleCheckpoints } from '../store/checkpointDir';
import { CheckpointError } from '../store/errors';
import type { RunLock } from '../store/runLock';
import { RunCompleteError } from '../store/runComplete';
import { armsHash, readPaperCheckpoint, writePaperCheckpoint, type PaperRunRecord, type PaperRunSnapshot } from './paperCheckpoint';
import { defaultThreads } from '../threads/defaultThreads';

export interface PaperSessionOptions {
  /** Overrides laid over the scenario's config (e.g. from CLI flags or the app's form). */
  overrides?: Record<string, unknown>;
  /** Base folder for run directories (default `runs`). */
  outDir?: string;
  /** Directory of IDX files for the auxiliary quine (default: bundled MNIST). */
  dataDir?: string;
  /** Compute threads for an arm's seed lanes (worker threads when > 1); results do not depend on it. */
  threads?: number;
  /** What holds the run directory's lock (`paper run`, `serve`), named in a second writer's error. */
  purpose?: string;
}

/** Resolves every arm's full config: defaults ← scenario ← overrides ← arm. */
export function resolveArms(scenario: PaperScenario, overrides: Record<string, unknown> = {}): ArmConfig[] {
  const base = overlayConfig(scenario.config, overrides);
  const arms = (scenario.arms ?? [{ name: 'main', config: {} }]).map((a) => ({
    arm: a.name,
    config: validatePaperConfig(overlayConfig(base, a.config as Record<string, unknown>), 'config'),
  }));
  const first = arms[0].config;
  if (scenario.needsFrom && first.from === '') {
    throw new ConfigError('config.from', `config.from: ${scenario.name} starts from ${scenario.needsFrom}: pass --from <directory>`);
  }
  // A bad --from fails here, before a run directory exists (read again when the arm starts).
  for (const { config } of scenario.chain ? [arms[0]] : arms) {
    if (config.from !== '') resolveStart(config.from, Array.from({ length: config.seeds }, (_, k) => config.seed + k));
  }
  return arms;
}

/** One line of a paper run's timings.jsonl: wall-clock seconds since the arm started when a row was measured. */
export interface MetricsTiming { arm: string; lane: number; epoch: number; phase: string; seconds: number }

/** Where a resumed paper run continues from: its directory (locked) and, unless it never checkpointed, its last checkpoint. */
interface Resumed { files: RunDirectory; lock: RunLock; checkpoint: { snapshot: PaperRunSnapshot; record: PaperRunRecord } | null; configHash: string }

/**
 * A paper scenario as a stepped run that writes its run directory as it goes: metrics
 * flushed every unit, a checkpoint every `checkpointEvery` epochs, between arms and when
 * stopped, the lanes' final checkpoints when an arm ends, the directory locked throughout.
 */
class PaperRunFiles implements SteppedRun {
  readonly runDir: string;
  readonly run: PaperRun;
  private readonly files: RunDirectory;
  private readonly log: JsonlLog;
  private readonly timings: JsonlLog;
  private lock: RunLock | null;
  private readonly hash: string;
  private readonly secondsBefore: number;
  private readonly started = Date.now();
  private lastCheckpoint: number;

  constructor(readonly scenario: PaperScenario, arms: ArmConfig[], private readonly session: () => SteppedSession | undefined, o: PaperSessionOptions, resumed?: Resumed) {
    if (resumed) {
      this.files = resumed.files;
      this.lock = resumed.lock;
    } else {
      // Bad data fails here, before a run directory exists (the loader caches what it read).
      if (arms.some((a) => a.config.model.kind === 'auxiliary')) auxImages(o.dataDir);
      const info = activeBackend();
      this.files = RunDirectory.create(o.outDir ?? 'runs', 'paper', scenario.name, {
        scenario: scenario.name,
        title: scenario.title,
        backend: info.name,
        versions: info.versions,
        dataDir: o.dataDir ?? null,
        arms,
        created: new Date().toISOString(),
      });
      this.lock = this.files.lock(o.purpose ?? 'paper run');
    }
    this.runDir = this.files.dir;
    // The hash of the arms as config.json holds them (what a resume compares against).
    this.hash = resumed?.configHash ?? armsHash(JSON.parse(JSON.stringify(arms)));
    const cp = resumed?.checkpoint;
    this.secondsBefore = cp?.record.seconds ?? 0;
    this.lastCheckpoint = cp?.snapshot.steps ?? 0;
    // A resumed run cuts its logs back to the checkpoint (to nothing when it never took one: it starts over).
    const from = (p: keyof PaperRunRecord['logs']) => (resumed ? cp?.record.logs[p] ?? { lines: 0, bytes: 0 } : undefined);
    this.log = new JsonlLog(this.files.path('metrics'), from('metrics'));
    this.timings = new JsonlLog(this.files.path('timings'), from('timings'));
    this.run = new PaperRun(scenario, arms, {
      onRow: (row) => {
        // Wall-clock time goes to timings.jsonl: metrics.jsonl stays reproducible to the byte.
        const { seconds, ...stored } = row;
        this.log.append(toJsonSafe(stored) as object);
        this.timings.append({ arm: row.arm, lane: row.lane, epoch: row.epoch, phase: row.phase, seconds: seconds ?? 0 } satisfies MetricsTiming);
        this.session()?.emit({ type: 'metrics', row: toJsonSafe(row) as Record<string, unknown> });
      },
      onProgress: (p) => this.session()?.emit({
        type: 'progress', label: p.arm === 'main' ? scenario.name : `${scenario.name} ${p.arm}`,
        done: p.unitsDone, total: p.unitsTotal, unitDone: p.step, unitTotal: p.steps,
        info: { epoch: `${p.epoch}/${p.epochs}`, ...(p.loss !== undefined ? { loss: p.loss } : {}) },
      }),
      // A chained scenario's stages are one computation: only its last stage is a result.
      onArmDone: (arm, state) => {
        if (!scenario.chain) this.armDone(arm, state, arms.length > 1);
        else if (arm.arm === arms[arms.length - 1].arm) this.armDone(arm, state, false);
      },
      onLog: (message) => this.session()?.emit({ type: 'log', message }),
    }, o.dataDir, o.threads ?? defaultThreads(), cp?.snapshot);
  }

  get done(): boolean { return this.run.done; }

  async step(): Promise<boolean> {
    const more = await this.run.step();
    this.flush();
    if (this.checkpointDue()) await this.checkpoint();
    return more;
  }

  /** Every `checkpointEvery` epochs of an arm, and between arms; none once the run is done. */
  private checkpointDue(): boolean {
    if (this.run.done) return false;
    const s = this.run.current;
    if (!s) return true;
    const k = s.arm.config.checkpointEvery;
    return k > 0 && s.epoch > 0 && s.epoch % k === 0;
  }

  private async checkpoint(): Promise<void> {
    if (this.lastCheckpoint === this.run.unitsStepped) return;
    const snapshot = await this.run.snapshot();
    writePaperCheckpoint(this.runDir, snapshot, {
      logs: { metrics: this.log.position, timings: this.timings.position },
      seconds: this.secondsBefore + (Date.now() - this.started) / 1000,
      configHash: this.hash,
    });
    this.lastCheckpoint = snapshot.steps;
  }

  private flush(): void {
    this.log.flush();
    this.timings.flush();
  }

  async snapshot(): Promise<void> {
    this.flush();
    if (!this.run.done) await this.checkpoint();
  }

  /** Ends the run (done, or stopped between units: then checkpointed, so `resume` continues it). */
  async finish(): Promise<Record<string, unknown>> {
    try {
      this.flush();
      if (!this.run.done) await this.checkpoint();
      await this.run.close();
      this.log.close();
      this.timings.close();
      const summary = toJsonSafe({ ...this.run.summary(), complete: this.run.done }) as Record<string, unknown>;
      this.files.writeSummary(summary);
      // A complete run is never resumed: its resume checkpoints go, and checkpoints/ holds the results only.
      if (this.run.done) rmSync(join(this.files.path('checkpoints'), 'resume'), { recursive: true, force: true });
      return summary;
    } finally {
      await this.close();
    }
  }

  /** Releases the lanes' threads, the logs and the run directory's lock (after finish, or a failure). */
  async close(): Promise<void> {
    await this.run.close();
    this.log.close();
    this.timings.close();
    this.lock?.release();
    this.lock = null;
  }

  private armDone(arm: ArmConfig, state: ArmState, multi: boolean): void {
    const n = paramLayout(state.spec.kind).count;
    state.seeds.forEach((seed, l) => {
      const dir = join(this.files.path('checkpoints'), multi ? `${arm.arm}-${l}` : `${l}`);
      // The projections are re-derived from the lane's seed: they are not trained.
      const projections = makeProjections(state.spec, n, new RandomStreams(seed).fixed('projection'));
      writeLaneCheckpoint(dir, state.spec, state.last[l].theta, projections, seed, {
        scenario: this.scenario.name, arm: arm.arm, epoch: state.epoch, method: arm.config.method, optimizer: arm.config.optimizer,
      });
    });
  }
}

export function createPaperSession(name: string, o: PaperSessionOptions = {}): SteppedSession {
  const scenario = findScenario(name);
  const arms = resolveArms(scenario, o.overrides);
  let session: SteppedSession | undefined;
  const files = new PaperRunFiles(scenario, arms, () => session, o);
  session = new SteppedSession(files);
  return session;
}

/**
 * Continues a killed or stopped paper run from its last checkpoint (from the start when
 * it never took one), with the exactness of evolution: metrics.jsonl and the lanes'
 * checkpoints come out as an uninterrupted run's. Under the run's lock, before anything
 * changes: config.json must hold a known scenario and valid arms, the checkpoint must
 * pass its checks and have been made with those arms (`force` overrides), and a
 * complete run is left alone (RunCompleteError).
 */
export function resumePaperSession(runDir: string, o: { dataDir?: string; threads?: number; force?: boolean; purpose?: string } = {}): SteppedSession {
  const files = RunDirectory.openKind(runDir, 'paper');
  const lock = files.lock(o.purpose ?? 'resume');
  try {
    const configPath = files.path('config');
    const saved = files.config();
    if (typeof saved.scenario !== 'string') throw new CheckpointError(`${configPath}: missing "scenario" (the paper scenario the run was made from)`);
    if (!Array.isArray(saved.arms) || saved.arms.length === 0) throw new CheckpointError(`${configPath}: missing "arms" (the resolved config of each arm); cannot resume without them`);
    const scenario = findScenario(saved.scenario);
    const arms: ArmConfig[] = saved.arms.map((a: unknown, i: number) => {
      const arm = a as { arm?: unknown; config?: unknown } | null;
      if (!arm || typeof arm.arm !== 'string') throw new CheckpointError(`${configPath}: arms[${i}].arm must be the arm's name`);
      return { arm: arm.arm, config: validatePaperConfig(arm.config, `${configPath}: arms[${i}].config`) };
    });
    const summary = files.summary();
    if (summary !== null && summary.complete !== false) throw new RunCompleteError(`${files.dir} is complete (summary.json written); nothing to do`);
    const root = files.path('checkpoints');
    // What a killed writer left: temp files beside the logs, in the checkpoint folders and the lanes' result folders.
    cleanStaleCheckpoints(files.dir);
    cleanStaleCheckpoints(root);
    if (existsSync(root)) for (const e of readdirSync(root, { withFileTypes: true })) if (e.isDirectory()) cleanStaleCheckpoints(join(root, e.name));
    const checkpoint = existsSync(join(root, 'resume', 'latest.json')) ? readPaperCheckpoint(files.dir) : null;
    if (checkpoint && checkpoint.record.configHash !== armsHash(saved.arms) && !o.force) {
      throw new CheckpointError(`${configPath}: its arms are not the ones the checkpoint after unit ${checkpoint.snapshot.steps} was made with (a field such as seed, epochs or the optimiser was edited); resume refuses to apply another config to a half-done run (--force runs on with the edited config)`);
    }
    if (summary !== null) rmSync(files.path('summary'), { force: true });
    const dataDir = o.dataDir ?? (typeof saved.dataDir === 'string' ? saved.dataDir : undefined);
    let session: SteppedSession | undefined;
    const run = new PaperRunFiles(scenario, arms, () => session, { dataDir, threads: o.threads }, { files, lock, checkpoint, configHash: armsHash(saved.arms) });
    session = new SteppedSession(run);
    return session;
  } catch (err) {
    lock.release();
    throw err;
  }
}
