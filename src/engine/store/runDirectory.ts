/**
 * The one owner of a run directory's layout: where each file lives, the manifest that
 * says what kind of run it holds, and opening a directory for reading. Every writer
 * and reader (paper sessions, evolution sessions, figures, export, the app's "open a
 * previous run") goes through it, so nothing guesses a run's kind from which files
 * happen to exist.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { RUN_KINDS, type RunKind } from '../../protocol/names';
import { writeJsonAtomic } from './atomicWrite';
import { CheckpointError } from './errors';
import { createRunDir } from './runDir';
import { lockRunDirectory, type RunLock } from './runLock';

export const RUN_MANIFEST_FORMAT = 'quinarium-run/1';

/** What `manifest.json` holds: the format, the kind of run, the preset that made it and when. */
export interface RunManifest {
  format: typeof RUN_MANIFEST_FORMAT;
  kind: RunKind;
  /** The preset (paper scenario or evolution preset) the run was made from. */
  name: string;
  created: string;
}

/** Every file and folder a run directory may hold, by role. */
export const RUN_FILES = {
  manifest: 'manifest.json',
  config: 'config.json',
  summary: 'summary.json',
  /** Paper runs: one row per lane per measurement. */
  metrics: 'metrics.jsonl',
  /** Evolution runs: one row per generation, births/deaths/events, the ALife phylogeny. */
  generations: 'generations.jsonl',
  events: 'events.jsonl',
  /** Wall-clock seconds per generation (evolution) or per measurement (paper runs): kept out of the other logs so they are reproducible to the byte. */
  timings: 'timings.jsonl',
  lineage: 'lineage.csv',
  /** Evolution runs: living count of each founder clade per generation (ggmuller's Muller-plot input). */
  abundance: 'abundance.csv',
  /** Present while a process writes the run (runLock.ts). */
  lock: 'run.lock',
  figures: 'figures',
  checkpoints: 'checkpoints',
} as const;
export type RunFile = keyof typeof RUN_FILES;

function readJsonObject(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CheckpointError(`${path} is not valid JSON (${(err as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CheckpointError(`${path} must hold a JSON object`);
  return parsed as Record<string, unknown>;
}

function checkManifest(path: string, m: Record<string, unknown>): RunManifest {
  if (m.format !== RUN_MANIFEST_FORMAT) throw new CheckpointError(`${path}: format ${JSON.stringify(m.format)} is not ${RUN_MANIFEST_FORMAT}`);
  if (!RUN_KINDS.includes(m.kind as RunKind)) throw new CheckpointError(`${path}: kind ${JSON.stringify(m.kind)} is not one of ${RUN_KINDS.join(', ')}`);
  if (typeof m.name !== 'string' || typeof m.created !== 'string') throw new CheckpointError(`${path}: name and created must be strings`);
  return { format: RUN_MANIFEST_FORMAT, kind: m.kind as RunKind, name: m.name, created: m.created };
}

/**
 * The manifest of a directory written before manifests existed (format 0): read from
 * its config.json, which named an evolution run by `kind` and a paper run by `scenario`.
 * The only place a kind is inferred; new runs always have a manifest.
 */
export function legacyManifest(dir: string, config: Record<string, unknown>): RunManifest {
  const kind: RunKind = config.kind === 'evolution' || existsSync(join(dir, RUN_FILES.lineage)) ? 'evolution' : 'paper';
  const name = typeof config.preset === 'string' ? config.preset : typeof config.scenario === 'string' ? config.scenario : basename(dir);
  const created = typeof config.created === 'string' ? config.created : statSync(dir).mtime.toISOString();
  return { format: RUN_MANIFEST_FORMAT, kind, name, created };
}

const article = (word: string): string => (/^[aeiou]/.test(word) ? 'an' : 'a');

export class RunDirectory {
  private constructor(readonly dir: string, readonly manifest: RunManifest) {}

  get kind(): RunKind { return this.manifest.kind; }

  /**
   * A fresh directory `<base>/<name with / as ->-<timestamp>` holding its manifest and
   * `config` (the resolved configuration, written as given). The manifest goes first:
   * a directory with a config.json always says what it is.
   */
  static create(base: string, kind: RunKind, name: string, config: Record<string, unknown>, now: Date = new Date()): RunDirectory {
    const dir = createRunDir(base, name.replace('/', '-'), now);
    const manifest: RunManifest = { format: RUN_MANIFEST_FORMAT, kind, name, created: now.toISOString() };
    writeJsonAtomic(join(dir, RUN_FILES.manifest), manifest);
    writeJsonAtomic(join(dir, RUN_FILES.config), config);
    return new RunDirectory(dir, manifest);
  }

  /** An existing run directory; one clear CheckpointError if `dir` is not one or its manifest is damaged. */
  static open(dir: string): RunDirectory {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CheckpointError(`${dir}: run directory does not exist`);
    const manifestPath = join(dir, RUN_FILES.manifest);
    if (existsSync(manifestPath)) return new RunDirectory(dir, checkManifest(manifestPath, readJsonObject(manifestPath)));
    const configPath = join(dir, RUN_FILES.config);
    if (!existsSync(configPath)) throw new CheckpointError(`${dir}: not a run directory (no manifest.json or config.json)`);
    return new RunDirectory(dir, legacyManifest(dir, readJsonObject(configPath)));
  }

  /** Opens `dir` and refuses it unless it holds a run of `kind`. */
  static openKind(dir: string, kind: RunKind): RunDirectory {
    const run = RunDirectory.open(dir);
    if (run.kind !== kind) throw new CheckpointError(`${dir}: not ${article(kind)} ${kind} run (its manifest says ${run.kind})`);
    return run;
  }

  path(file: RunFile): string { return join(this.dir, RUN_FILES[file]); }

  has(file: RunFile): boolean { return existsSync(this.path(file)); }

  /** The saved config.json. */
  config(): Record<string, unknown> { return readJsonObject(this.path('config')); }

  /** summary.json, or null while the run has not finished. */
  summary(): Record<string, unknown> | null { return this.has('summary') ? readJsonObject(this.path('summary')) : null; }

  writeSummary(summary: Record<string, unknown>): void { writeJsonAtomic(this.path('summary'), summary); }

  /** Takes the run's exclusive write lock (runLock.ts); throws one RunLockedError if another process holds it. */
  lock(purpose: string): RunLock { return lockRunDirectory(this.dir, purpose); }
}
