import { defaultThreads } from '../threads/defaultThreads';
import { activeBackend } from '../backend/selectBackend';
import { loadMnist } from '../data/mnist';
import { findPreset } from '../presets/registry';
import { ConfigError } from '../config/errors';
import { overlayConfig } from '../config/validate';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanStaleCheckpoints } from '../store/checkpointDir';
import { paramLayout } from '../models/layout';
import { writeJsonAtomic } from '../store/atomicWrite';
import { CheckpointError } from '../store/errors';
import { RunCompleteError } from '../store/runComplete';
import { configHash, readEvolutionCheckpoint } from './evolutionCheckpoint';
import { SteppedSession } from '../session/steppedSession';
import { RunDirectory } from '../store/runDirectory';
import { evolutionConfigSchema, trainingImagesLeft, validateEvolutionConfig, type EvolutionConfig } from './evolutionConfig';
import { EvolutionRun, type EvolutionHooks } from './evolutionRun';
import type { QueueSettings } from '../distributed/computePool';
import type { EvolutionJobs } from './compute/laneJobs';
import { evolutionPresets, type EvolutionPreset } from './presets';

export { evolutionPresets, evolutionConfigSchema };

export interface EvolutionSessionOptions {
  preset?: string;
  /** A partial config laid over the preset (from a config file, CLI flags or the app's form). */
  overrides?: Record<string, unknown>;
  outDir?: string;
  dataDir?: string;
  /** Compute threads (worker threads when > 1); default: up to 2 cores. */
  threads?: number;
  /** Compute on `quinarium worker`s through a BullMQ queue on Redis instead of local threads. */
  queue?: QueueSettings;
  /** The job table (default: the real one; the bench's probe table shapes results without computing). */
  jobs?: EvolutionJobs;
  /** What holds the run directory's lock (`evolve`, `serve`), named in a second writer's error. */
  purpose?: string;
}


export type EvolutionSession = SteppedSession & { readonly run: EvolutionRun };

export function findEvolutionPreset(name: string): EvolutionPreset {
  return findPreset(name, 'evolution');
}

/** defaults ← preset ← overrides, validated with errors naming the field. */
export function resolveEvolutionConfig(preset: string, overrides: Record<string, unknown> = {}): EvolutionConfig {
  const p = findEvolutionPreset(preset);
  return validateEvolutionConfig(overlayConfig(p.config, overrides), 'config');
}

function wire(session: () => SteppedSession | undefined): EvolutionHooks {
  return {
    onPopulation: (generation, individuals) => session()?.emit({ type: 'population', generation, individuals }),
    onGeneration: (summary) => {
      session()?.emit({ type: 'generation', summary });
      session()?.emit({ type: 'progress', label: 'evolution', done: summary.generation + 1, total: -1, unitDone: 1, unitTotal: 1, info: { accuracy: summary.bestAccuracy, lsr: summary.bestLsr } });
    },
    onBirths: (individuals) => session()?.emit({ type: 'births', individuals }),
    onDeaths: (ids, generation) => session()?.emit({ type: 'deaths', ids, generation }),
    onLog: (message) => session()?.emit({ type: 'log', message }),
  };
}

function session(make: (hooks: EvolutionHooks) => EvolutionRun): EvolutionSession {
  let s: SteppedSession | undefined;
  const run = make(wire(() => s));
  s = new SteppedSession(run);
  return s as EvolutionSession;
}

/** A new evolution run in a new run directory (config.json written, founders checkpointed, the directory locked). */
export function createEvolutionSession(o: EvolutionSessionOptions = {}): EvolutionSession {
  const preset = o.preset ?? 'evo/default';
  const config = resolveEvolutionConfig(preset, o.overrides);
  // Bad data, or a validation split that leaves no training images, fails before a run directory exists (the data is cached).
  trainingImagesLeft(loadMnist({ dataDir: o.dataDir }).train.count, config.evaluation.validation);
  const info = activeBackend();
  const runDir = RunDirectory.create(o.outDir ?? 'runs', 'evolution', preset, { kind: 'evolution', preset, config, dataDir: o.dataDir ?? null, backend: info.name, versions: info.versions, created: new Date().toISOString() });
  return session((hooks) => EvolutionRun.create(runDir, config, { hooks, dataDir: o.dataDir, threads: o.threads ?? defaultThreads(), queue: o.queue, jobs: o.jobs, purpose: o.purpose ?? 'evolve' }));
}

export { RunCompleteError };

export interface ResumeOptions {
  dataDir?: string;
  /** Extend (or, for an unfinished run, set) the run's generation count; config.json records it. */
  generations?: number;
  threads?: number;
  /** Resume even though config.json is not the config the checkpoint was made with (edited by hand). */
  force?: boolean;
  purpose?: string;
  /** Compute on `quinarium worker`s through a BullMQ queue on Redis instead of local threads. */
  queue?: QueueSettings;
}

/**
 * Continues a run from its last checkpoint; `generations` may extend it. Under the run's
 * lock, before anything is changed: config.json must hold the run's config (validated by
 * the schema), the checkpoint must pass its checks and have been made with that config
 * (its hash; `force` overrides), and a complete run is not finished twice (RunCompleteError).
 * Extending writes the new count to config.json and removes summary.json.
 */
export function resumeEvolutionSession(runDir: string, o: ResumeOptions = {}): EvolutionSession {
  const files = RunDirectory.openKind(runDir, 'evolution');
  const lock = files.lock(o.purpose ?? 'resume');
  try {
    const configPath = files.path('config');
    const saved = files.config();
    if (!('config' in saved)) throw new CheckpointError(`${configPath}: missing "config" (the resolved config the run was made with); cannot resume without it`);
    const config = validateEvolutionConfig(saved.config, `${configPath}: config`);
    cleanStaleCheckpoints(files.dir);
    cleanStaleCheckpoints(files.path('checkpoints'));
    cleanStaleCheckpoints(join(files.path('checkpoints'), 'projections'));
    const dataDirOf = () => o.dataDir ?? (typeof saved.dataDir === 'string' ? saved.dataDir : undefined);
    if (!existsSync(join(files.path('checkpoints'), 'latest.json'))) {
      // Killed before the founders' checkpoint: nothing happened that a start from scratch does not redo exactly.
      return session((hooks) => EvolutionRun.create(files, config, { hooks, dataDir: dataDirOf(), threads: o.threads ?? defaultThreads(), queue: o.queue, lock, startOver: true }));
    }
    const checkpoint = readEvolutionCheckpoint(files.dir, paramLayout('auxiliary').count);
    const at = checkpoint.state.generation;
    if (checkpoint.state.configHash !== undefined && checkpoint.state.configHash !== configHash(config) && !o.force) {
      throw new CheckpointError(`${configPath}: its config is not the one the checkpoint of generation ${at} was made with (a field such as seed, population or mutation σ was edited); resume refuses to apply another config to a half-done run (--force runs on with the edited config)`);
    }
    const summary = files.summary();
    const complete = summary !== null && typeof summary.generations === 'number' && summary.generations >= config.generations;
    const target = o.generations ?? config.generations;
    if (complete && target <= config.generations) {
      throw new RunCompleteError(target < config.generations
        ? `${files.dir} ran all its ${config.generations} generations; --generations ${target} would shorten it (give more than ${config.generations} to extend it)`
        : `${files.dir} is complete (${config.generations} generations, summary.json written); nothing to do (--generations N with N > ${config.generations} extends it)`);
    }
    if (target <= at) {
      throw new ConfigError('generations', `--generations: the last checkpoint is at generation ${at}, so the run can only be continued to more than ${at} generations (got ${target})`);
    }
    const resolved = { ...config, generations: target };
    if (target !== config.generations) writeJsonAtomic(configPath, { ...saved, config: resolved });
    if (summary !== null) rmSync(files.path('summary'), { force: true });
    return session((hooks) => EvolutionRun.resume(files, resolved, { hooks, dataDir: dataDirOf(), threads: o.threads ?? defaultThreads(), queue: o.queue, lock }, checkpoint));
  } catch (err) {
    lock.release();
    throw err;
  }
}
