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

/** A paper scenario as a stepped run that writes its run directory as it goes. */
class PaperRunFiles implements SteppedRun {
  readonly runDir: string;
  readonly run: PaperRun;
  private readonly files: RunDirectory;
  private readonly log: JsonlLog;

  constructor(readonly scenario: PaperScenario, arms: ArmConfig[], private readonly session: () => SteppedSession | undefined, o: PaperSessionOptions) {
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
    this.runDir = this.files.dir;
    this.log = new JsonlLog(this.files.path('metrics'));
    this.run = new PaperRun(scenario, arms, {
      onRow: (row) => {
        this.log.append(toJsonSafe(row) as object);
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
    }, o.dataDir, o.threads ?? defaultThreads());
  }

  get done(): boolean { return this.run.done; }

  async step(): Promise<boolean> {
    const more = await this.run.step();
    this.log.flush();
    return more;
  }

  snapshot(): void {
    this.log.flush();
  }

  async finish(): Promise<Record<string, unknown>> {
    await this.run.close();
    this.log.close();
    const summary = toJsonSafe(this.run.summary()) as Record<string, unknown>;
    this.files.writeSummary(summary);
    return summary;
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
