import { defaultThreads } from '../threads/defaultThreads';
import { activeBackend } from '../backend/selectBackend';
import { loadMnist } from '../data/mnist';
import { findPreset } from '../presets/registry';
import { ConfigError } from '../config/errors';
import { overlayConfig, validateConfig } from '../config/validate';
import { SteppedSession } from '../session/steppedSession';
import { RunDirectory } from '../store/runDirectory';
import { checkEvolutionConfig, evolutionConfigSchema, type EvolutionConfig } from './evolutionConfig';
import { EvolutionRun, type EvolutionHooks } from './evolutionRun';
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
}


export type EvolutionSession = SteppedSession & { readonly run: EvolutionRun };

export function findEvolutionPreset(name: string): EvolutionPreset {
  return findPreset(name, 'evolution');
}

/** defaults ← preset ← overrides, validated with errors naming the field. */
export function resolveEvolutionConfig(preset: string, overrides: Record<string, unknown> = {}): EvolutionConfig {
  const p = findEvolutionPreset(preset);
  return checkEvolutionConfig(validateConfig(evolutionConfigSchema, overlayConfig(p.config, overrides), 'config'), 'config');
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

/** A new evolution run in a new run directory (config.json written, founders checkpointed). */
export function createEvolutionSession(o: EvolutionSessionOptions = {}): EvolutionSession {
  const preset = o.preset ?? 'evo/default';
  const config = resolveEvolutionConfig(preset, o.overrides);
  loadMnist({ dataDir: o.dataDir }); // bad data fails before a run directory exists (the result is cached)
  const info = activeBackend();
  const runDir = RunDirectory.create(o.outDir ?? 'runs', 'evolution', preset, { kind: 'evolution', preset, config, dataDir: o.dataDir ?? null, backend: info.name, versions: info.versions, created: new Date().toISOString() });
  return session((hooks) => EvolutionRun.create(runDir, config, { hooks, dataDir: o.dataDir, threads: o.threads ?? defaultThreads() }));
}

/** Continues a run from its last checkpoint; `generations` may extend it. */
export function resumeEvolutionSession(runDir: string, o: { dataDir?: string; generations?: number; threads?: number } = {}): EvolutionSession {
  const files = RunDirectory.openKind(runDir, 'evolution');
  const saved = files.config() as { config: unknown; dataDir?: string | null };
  const extend = o.generations !== undefined ? { generations: o.generations } : {};
  const config = checkEvolutionConfig(validateConfig(evolutionConfigSchema, overlayConfig(saved.config, extend), 'config.json'), 'config.json');
  return session((hooks) => EvolutionRun.resume(files, config, { hooks, dataDir: o.dataDir ?? saved.dataDir ?? undefined, threads: o.threads ?? defaultThreads() }));
}
