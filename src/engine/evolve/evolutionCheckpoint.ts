/**
 * An evolution checkpoint: `checkpoints/gen-NNNNNN/{state.json, population.npy}` and
 * the `checkpoints/latest.json` pointer (written as store/checkpointDir.ts says). Read
 * back, nothing is trusted: the pointer must name a `gen-NNNNNN` folder of this run,
 * state.json is checked field by field (the scalars with the config schema machinery),
 * population.npy must match its recorded SHA-256 and hold finite weights except where
 * the state says an individual diverged.
 *
 * Format 2 (issue 12) keeps the checkpoint as small as the population: the lineage is
 * the living only, with where lineage.csv's dead part ends; logs are cut back by byte
 * offsets. Format 1 checkpoints (the whole lineage, line counts) are still read.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defineSchema } from '../config/schema';
import { validateConfig } from '../config/validate';
import { ConfigError } from '../config/errors';
import type { ImageCursorState } from '../data/imageCursor';
import type { StreamStates } from '../random/streams';
import { writeFileAtomic, writeJsonAtomic } from '../store/atomicWrite';
import type { LogPosition } from '../store/jsonlLog';
import { commitCheckpoint, latestCheckpoint, listCheckpoints } from '../store/checkpointDir';
import { CheckpointError } from '../store/errors';
import { encodeNpy, decodeNpy } from '../store/npy';
import type { EvolutionConfig } from './evolutionConfig';
import type { Individual } from './lineage/individual';
import { Lineage } from './lineage/lineage';
import { LineageCsvFile, type DeadSection } from './lineage/lineageCsvFile';
import { decodeMetrics, readLineageJSON, type IndividualJSON, type LineageJSON } from './lineage/lineageJson';

export const EVOLUTION_CHECKPOINT_FORMAT = 'quinarium-evolution/2';
const FORMATS = ['quinarium-evolution/1', EVOLUTION_CHECKPOINT_FORMAT] as const;


/** The lineage in a format-2 checkpoint: the living in full; the dead are lineage.csv's first `dead.bytes` bytes. */
export interface LivingLineageJSON { version: 2; living: IndividualJSON[]; dead: DeadSection }

/** The best individual of the last measured generation, as summary.json reports it. */
export interface BestRecord { id: number; validationAccuracy: number | null; testAccuracy: number | null; lsr: number; srq: number; corr: number }

/** state.json: an EvolutionState (evolutionState.ts) as JSON, with the runner's log positions, time and checks. */
export interface EvolutionStateFile {
  format: (typeof FORMATS)[number];
  /** The next generation to run. */
  generation: number;
  nextId: number;
  /** Living individuals in lane order (rows of population.npy). */
  ids: number[];
  /** Accuracy of each living child's parent when it reproduced (heritability). */
  parentAccuracy: [number, number][];
  /** Innate accuracy of each living child's parent, and each living child's transmission [r2, corr] (absent before issue 9). */
  parentInnate?: [number, number][];
  transmission?: [number, [number, number]][];
  /** The last measured generation's [id, learned accuracy] (Price equation; absent before it). */
  pricePrevious?: [number, number][];
  streams: StreamStates;
  images: ImageCursorState;
  /** Format 2: the living and where the dead end in lineage.csv; format 1: every individual. */
  lineage: LivingLineageJSON | LineageJSON;
  /** Format 2: each log's position. */
  logs?: { generations: LogPosition; events: LogPosition; timings: LogPosition };
  /** Format 1: lines in each log. */
  logLines?: { generations: number; events: number };
  /** Founders not yet solved into quines (founders.solve newton; absent before it: false). */
  foundersPending?: boolean;
  seconds: number;
  /** Format 2: SHA-256 of the resolved config but its generation count (configHash): a resume under another config is refused. */
  configHash?: string;
  /** Format 2: SHA-256 of population.npy, and the living whose weights are not finite (diverged: a result, not damage). */
  population?: { sha256: string; diverged: number[] };
  /** Format 2: the best of the last measured generation (null before any), so a summary written after a resume still has it. */
  best?: BestRecord | null;
}

/** The scalar fields, checked with the config schema machinery (a missing one is refused before, not defaulted). */
const stateScalars = defineSchema({
  format: { kind: 'enum', values: FORMATS, default: EVOLUTION_CHECKPOINT_FORMAT, label: 'format', help: 'checkpoint format' },
  generation: { kind: 'number', integer: true, min: 0, max: 1_000_000, default: 0, label: 'generation', help: 'the next generation to run' },
  nextId: { kind: 'number', integer: true, min: 0, default: 0, label: 'nextId', help: 'the next individual id' },
  seconds: { kind: 'number', min: 0, default: 0, label: 'seconds', help: 'wall time so far' },
});

/**
 * What a run's results depend on, hashed: the resolved config but its generation count
 * (which `resume --generations N` may change). The seed is part of the config.
 */
export function configHash(config: EvolutionConfig): string {
  // How many checkpoints are kept changes no result either (and runs made before it existed still resume).
  const { generations: _ignored, checkpointKeep: _kept, ...rest } = config;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

const CHECKPOINTS = 'checkpoints';
const PREFIX = 'gen';

/** population.npy and state.json of `thetas` (lane order), the weights' hash and diverged lanes recorded in the state. */
function checkpointFiles(state: EvolutionStateFile, thetas: readonly Float32Array[], n: number): { npy: Uint8Array; file: EvolutionStateFile } {
  const flat = new Float32Array(thetas.length * n);
  thetas.forEach((t, i) => flat.set(t, i * n));
  const npy = encodeNpy(flat, [thetas.length, n]);
  const diverged = state.ids.filter((_, i) => !thetas[i].every(Number.isFinite));
  return { npy, file: { ...state, population: { sha256: createHash('sha256').update(npy).digest('hex'), diverged } } };
}

/** Writes checkpoint `state.generation` (state.json beside population.npy), keeping the `keep` newest; returns its folder. */
export function writeEvolutionCheckpoint(runDir: string, state: EvolutionStateFile, thetas: readonly Float32Array[], n: number, keep = 1): string {
  const { npy, file } = checkpointFiles(state, thetas, n);
  return commitCheckpoint(join(runDir, CHECKPOINTS), PREFIX, state.generation, (dir) => {
    writeFileAtomic(join(dir, 'population.npy'), npy);
    writeJsonAtomic(join(dir, 'state.json'), file);
  }, { generation: state.generation }, keep);
}

/** Where a complete run keeps its final population (checkpoints/final), beside the checkpoints it resumes from. */
export const FINAL_POPULATION = 'final';

export function finalPopulationDir(runDir: string): string {
  return join(runDir, CHECKPOINTS, FINAL_POPULATION);
}

/**
 * The final population of a complete run, as its last generation measured it, in a
 * checkpoint's format (population.npy, state.json): the resumable checkpoint is taken
 * before the last generation (so `resume --generations N` can extend the run exactly),
 * so without this the weights of the population a run ends with were nowhere on disk.
 * Never a resume point: latest.json does not name it, and a resume removes it.
 * Written to a temporary folder and renamed into place.
 */
export function writeFinalPopulation(runDir: string, state: EvolutionStateFile, thetas: readonly Float32Array[], n: number): string {
  const { npy, file } = checkpointFiles(state, thetas, n);
  const dir = finalPopulationDir(runDir);
  const tmp = join(runDir, CHECKPOINTS, `.tmp-${FINAL_POPULATION}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileAtomic(join(tmp, 'population.npy'), npy);
  writeJsonAtomic(join(tmp, 'state.json'), file);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

/** Removes a complete run's final population: a resume that extends the run makes a new one. */
export function removeFinalPopulation(runDir: string): void {
  rmSync(finalPopulationDir(runDir), { recursive: true, force: true });
}

/** The run's checkpoint folders, newest first, with the generation each was taken at (state.generation: the next to run). */
export function listEvolutionCheckpoints(runDir: string): { dir: string; generation: number }[] {
  const root = join(runDir, CHECKPOINTS);
  return listCheckpoints(root, PREFIX).reverse().map((c) => ({ dir: join(root, c.name), generation: c.index }));
}

const fail = (where: string, message: string): never => {
  throw new CheckpointError(`${where}: ${message}`);
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isId = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isNumberOrNull = (x: unknown) => x === null || typeof x === 'number';

function checkPairs(where: string, key: string, value: unknown, second: (x: unknown) => boolean, optional: boolean): void {
  if (value === undefined && optional) return;
  if (!Array.isArray(value) || !value.every((p) => Array.isArray(p) && p.length === 2 && isId(p[0]) && second(p[1]))) {
    fail(where, `${key} must be a list of [id, value] pairs`);
  }
}

function checkPosition(where: string, key: string, p: unknown): void {
  if (!isObject(p) || !isId(p.lines) || !isId(p.bytes)) fail(where, `${key} must be { lines, bytes } with non-negative integers, got ${JSON.stringify(p)?.slice(0, 80)}`);
}

/** Checks a parsed state.json field by field; one CheckpointError naming the file and field. */
export function checkStateFile(where: string, raw: unknown): EvolutionStateFile {
  if (!isObject(raw)) return fail(where, 'must hold a JSON object');
  for (const key of Object.keys(stateScalars)) if (!(key in raw)) fail(where, `missing field "${key}"`);
  try {
    validateConfig(stateScalars, Object.fromEntries(Object.keys(stateScalars).map((k) => [k, raw[k]])), 'state');
  } catch (e) {
    if (e instanceof ConfigError) fail(where, e.message.replace(/^state\./, ''));
    throw e;
  }
  const s = raw as unknown as EvolutionStateFile;
  if (!Array.isArray(s.ids) || !s.ids.every(isId) || new Set(s.ids).size !== s.ids.length) fail(where, 'ids must be a list of distinct non-negative integer ids');
  if (s.ids.some((id) => id >= s.nextId)) fail(where, `ids must be below nextId ${s.nextId}`);
  checkPairs(where, 'parentAccuracy', s.parentAccuracy, isNumberOrNull, false);
  checkPairs(where, 'parentInnate', s.parentInnate, isNumberOrNull, true);
  checkPairs(where, 'pricePrevious', s.pricePrevious, isNumberOrNull, true);
  checkPairs(where, 'transmission', s.transmission, (t) => Array.isArray(t) && t.length === 2 && t.every(isNumberOrNull), true);
  if (!isObject(s.streams) || !Object.values(s.streams).every((st) => isObject(st) && Object.values(st).every((v) => typeof v === 'number' && Number.isFinite(v)))) {
    fail(where, 'streams must map each stream name to its state (an object of finite numbers)');
  }
  if (!isObject(s.images) || !isObject(s.images.rng) || !isId(s.images.pos)) fail(where, 'images must be { rng: {...}, pos: integer ≥ 0 }');
  if (s.format === EVOLUTION_CHECKPOINT_FORMAT) {
    const l = s.lineage as Partial<LivingLineageJSON>;
    if (!isObject(l) || l.version !== 2 || !Array.isArray(l.living) || !isObject(l.dead) || !isId(l.dead.count) || !isId(l.dead.bytes)) {
      fail(where, 'lineage must be { version: 2, living: [...], dead: { count, bytes } }');
    }
    if (!isObject(s.logs)) return fail(where, 'logs must be { generations, events, timings }');
    for (const k of ['generations', 'events', 'timings'] as const) checkPosition(where, `logs.${k}`, s.logs[k]);
    if (typeof s.configHash !== 'string' || !/^[0-9a-f]{64}$/.test(s.configHash)) fail(where, 'configHash must be a SHA-256 in hex');
    if (!isObject(s.population) || typeof s.population.sha256 !== 'string' || !Array.isArray(s.population.diverged) || !s.population.diverged.every(isId)) {
      fail(where, 'population must be { sha256, diverged: [ids] }');
    }
  } else if (!isObject(s.logLines) || !isId(s.logLines.generations) || !isId(s.logLines.events)) {
    fail(where, 'logLines must be { generations, events } with non-negative integers');
  }
  return s;
}

/** The checkpoint latest.json names, validated; its state, the living's weights (lane order) and its folder. */
export function readEvolutionCheckpoint(runDir: string, n: number): { state: EvolutionStateFile; thetas: Float32Array[]; dir: string } {
  const { dir } = latestCheckpoint(join(runDir, CHECKPOINTS), PREFIX, runDir);
  return { ...readEvolutionCheckpointDir(dir, n), dir };
}

/** One checkpoint folder (checkpoints/gen-XXXXXX), validated: its state and the population's weights, lane order. */
export function readEvolutionCheckpointDir(dir: string, n: number): { state: EvolutionStateFile; thetas: Float32Array[] } {
  const statePath = join(dir, 'state.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(statePath, 'utf8'));
  } catch (e) {
    throw new CheckpointError(`${statePath}: unreadable (${(e as Error).message})`);
  }
  const state = checkStateFile(statePath, raw);
  const popPath = join(dir, 'population.npy');
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(popPath);
  } catch (e) {
    throw new CheckpointError(`${popPath}: unreadable (${(e as Error).message})`);
  }
  if (state.population && createHash('sha256').update(bytes).digest('hex') !== state.population.sha256) {
    throw new CheckpointError(`${popPath}: its SHA-256 is not the one state.json recorded (the weights were changed or damaged)`);
  }
  const pop = decodeNpy(bytes, popPath);
  if (!(pop.data instanceof Float32Array) || pop.shape.length !== 2 || pop.shape[0] !== state.ids.length || pop.shape[1] !== n) {
    throw new CheckpointError(`${popPath}: expected float32 (${state.ids.length}, ${n}), found ${pop.dtype} (${pop.shape.join(', ')})`);
  }
  const data = pop.data;
  const thetas = state.ids.map((_, i) => data.slice(i * n, (i + 1) * n));
  const diverged = new Set(state.population?.diverged ?? []);
  thetas.forEach((t, lane) => {
    const bad = t.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0 && !diverged.has(state.ids[lane])) {
      throw new CheckpointError(`${popPath}: weight ${bad} of individual ${state.ids[lane]} (row ${lane}) is ${t[bad]}, and the checkpoint does not record it as diverged`);
    }
  });
  return { state, thetas };
}

/** A format-2 checkpoint's living individuals, decoded (their shape checked as a stored lineage's is). */
export function livingIndividuals(lineage: LivingLineageJSON): Individual[] {
  return readLineageJSON({ version: 1, individuals: lineage.living }).map((r) => ({ ...r, metrics: r.metrics && decodeMetrics(r.metrics) }));
}

/**
 * The lineage as a checkpoint saw it, read without changing any file: a format-1
 * checkpoint holds it whole; a format-2 one holds the living, and the first rows of the
 * run's lineage.csv (`lineagePath`) the dead it recorded.
 */
export function checkpointLineage(lineagePath: string, lineage: EvolutionStateFile['lineage']): Lineage {
  if (!('living' in lineage)) return Lineage.fromJSON(lineage);
  try {
    return Lineage.fromIndividuals([...LineageCsvFile.readDead(lineagePath, lineage.dead), ...livingIndividuals(lineage)]);
  } catch (err) {
    if (err instanceof CheckpointError) throw err;
    throw new CheckpointError(`${lineagePath} and the checkpoint's living do not make one lineage: ${(err as Error).message}`);
  }
}
