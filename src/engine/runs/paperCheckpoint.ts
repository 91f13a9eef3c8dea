/**
 * A paper run's checkpoint: `checkpoints/resume/step-NNNNNN/` (after NNNNNN units)
 * with state.json and the lanes' arrays as .npy — θ, the optimiser's slots, the Newton
 * solver's float64 θ, a chained scenario's carried θ — and `checkpoints/resume/latest.json`
 * (written as store/checkpointDir.ts says; the lanes' final checkpoints `checkpoints/<k>`
 * are the run's results and live beside it). Read back, nothing is trusted: the pointer
 * must name a step-NNNNNN folder, state.json is checked (scalars by the schema
 * machinery), every array must match its recorded SHA-256, and weights must be finite
 * except in lanes the state records as diverged.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/errors';
import { defineSchema } from '../config/schema';
import { validateConfig } from '../config/validate';
import type { ImageCursorState } from '../data/imageCursor';
import type { LaneMetrics } from '../metrics/evaluateLanes';
import type { ModelSpec } from '../models/modelSpec';
import { writeFileAtomic } from '../store/atomicWrite';
import { commitCheckpoint, latestCheckpoint } from '../store/checkpointDir';
import { CheckpointError } from '../store/errors';
import type { LogPosition } from '../store/jsonlLog';
import { fromLosslessJson, toLosslessJson } from '../store/losslessJson';
import { decodeNpy, encodeNpy, type NpyArray } from '../store/npy';
import type { LaneState } from './armLanes';
import type { ArmSnapshot, LaneResult, PaperRunSnapshot } from './paperRun';

export type { ArmSnapshot, PaperRunSnapshot };

export const PAPER_CHECKPOINT_FORMAT = 'quinarium-paper/1';

/** What the session adds: log positions, time, the hash of the config it ran. */
export interface PaperRunRecord { logs: { metrics: LogPosition; timings: LogPosition }; seconds: number; configHash: string }

/** state.json: the snapshot without its arrays (which are .npy files beside it, with their hashes). */
interface PaperStateFile extends PaperRunRecord {
  format: typeof PAPER_CHECKPOINT_FORMAT;
  steps: number;
  armIndex: number;
  unitsDone: number;
  results: LaneResult[];
  carried: { spec: Required<ModelSpec>; epochs: number; lanes: number } | null;
  arm: (Omit<ArmSnapshot, 'lanes' | 'lastFinite'> & { lastFinite: (LaneMetrics | null)[]; lanes: Omit<LaneState, 'theta' | 'optimizer' | 'newton'>[]; optimizer: { steps: number[]; slots: string[] } | null; newtonMu: number[] | null }) | null;
  arrays: Record<string, string>;
}

const scalars = defineSchema({
  format: { kind: 'enum', values: [PAPER_CHECKPOINT_FORMAT], default: PAPER_CHECKPOINT_FORMAT, label: 'format', help: 'checkpoint format' },
  steps: { kind: 'number', integer: true, min: 1, default: 1, label: 'steps', help: 'units done' },
  armIndex: { kind: 'number', integer: true, min: 0, default: 0, label: 'armIndex', help: 'the arm in progress or next' },
  unitsDone: { kind: 'number', integer: true, min: 0, default: 0, label: 'unitsDone', help: 'epochs done, for progress' },
  seconds: { kind: 'number', min: 0, default: 0, label: 'seconds', help: 'wall time so far' },
  configHash: { kind: 'string', pattern: /^[0-9a-f]{64}$/, default: '', label: 'configHash', help: 'SHA-256 of the arms' },
});

/** SHA-256 of a paper run's resolved arms (config.json's `arms`): a resume under other arms is refused. */
export function armsHash(arms: unknown): string {
  return createHash('sha256').update(JSON.stringify(arms)).digest('hex');
}

const ROOT = join('checkpoints', 'resume');
const PREFIX = 'step';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function stack<T extends Float32Array | Float64Array>(rows: T[], make: (n: number) => T): T {
  const n = rows[0].length;
  const out = make(rows.length * n);
  rows.forEach((r, i) => out.set(r, i * n));
  return out;
}

export function writePaperCheckpoint(runDir: string, snapshot: PaperRunSnapshot, record: PaperRunRecord): string {
  const arrays: Record<string, Uint8Array> = {};
  const put = (name: string, data: NpyArray, shape: number[]) => { arrays[name] = encodeNpy(data, shape); };
  const a = snapshot.arm;
  let arm: PaperStateFile['arm'] = null;
  if (a) {
    const k = a.lanes.length;
    const n = a.lanes[0].theta.length;
    put('theta.npy', stack(a.lanes.map((l) => l.theta), (m) => new Float32Array(m)), [k, n]);
    const opt = a.lanes[0].optimizer;
    if (opt) for (const slot of Object.keys(opt.slots)) put(`optimizer-${slot}.npy`, stack(a.lanes.map((l) => l.optimizer!.slots[slot]), (m) => new Float32Array(m)), [k, opt.slots[slot].length]);
    const newton = a.lanes.every((l) => l.newton) ? a.lanes.map((l) => l.newton!) : null;
    if (newton) put('newton.npy', stack(newton.map((x) => x.theta), (m) => new Float64Array(m)), [k, n]);
    if (a.lastFinite.some((x) => x)) put('last-finite.npy', stack(a.lastFinite.map((x) => x?.theta ?? new Float32Array(n)), (m) => new Float32Array(m)), [k, n]);
    arm = {
      arm: a.arm, epoch: a.epoch, epochOffset: a.epochOffset, initial: a.initial, best: a.best, diverged: a.diverged, lastFinite: a.lastFinite.map((x) => x?.metrics ?? null),
      lanes: a.lanes.map((l) => ({ optimisationEpochs: l.optimisationEpochs, streams: l.streams, ...(l.images ? { images: l.images } : {}) })),
      optimizer: opt ? { steps: a.lanes.map((l) => l.optimizer!.step), slots: Object.keys(opt.slots) } : null,
      newtonMu: newton ? newton.map((x) => x.mu) : null,
    };
  }
  const c = snapshot.carried;
  if (c) put('carried.npy', stack(c.thetas, (m) => new Float32Array(m)), [c.thetas.length, c.thetas[0].length]);
  const file: PaperStateFile = {
    format: PAPER_CHECKPOINT_FORMAT, steps: snapshot.steps, armIndex: snapshot.armIndex, unitsDone: snapshot.unitsDone, results: snapshot.results,
    carried: c ? { spec: c.spec, epochs: c.epochs, lanes: c.thetas.length } : null, arm, ...record,
    arrays: Object.fromEntries(Object.entries(arrays).map(([name, bytes]) => [name, sha(bytes)])),
  };
  return commitCheckpoint(join(runDir, ROOT), PREFIX, snapshot.steps, (dir) => {
    for (const [name, bytes] of Object.entries(arrays)) writeFileAtomic(join(dir, name), bytes);
    writeFileAtomic(join(dir, 'state.json'), `${toLosslessJson(file)}\n`);
  }, { steps: snapshot.steps });
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The checkpoint latest.json names, validated, as a snapshot and the session's record. */
export function readPaperCheckpoint(runDir: string): { snapshot: PaperRunSnapshot; record: PaperRunRecord } {
  const { dir } = latestCheckpoint(join(runDir, ROOT), PREFIX, runDir);
  const path = join(dir, 'state.json');
  const fail = (m: string): never => { throw new CheckpointError(`${path}: ${m}`); };
  let raw: unknown;
  try {
    raw = fromLosslessJson(readFileSync(path, 'utf8'));
  } catch (e) {
    return fail(`unreadable (${(e as Error).message})`);
  }
  if (!isObject(raw)) return fail('must hold a JSON object');
  for (const key of Object.keys(scalars)) if (!(key in raw)) fail(`missing field "${key}"`);
  try {
    validateConfig(scalars, Object.fromEntries(Object.keys(scalars).map((k) => [k, raw[k]])), 'state');
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message.replace(/^state\./, ''));
    throw e;
  }
  const s = raw as unknown as PaperStateFile;
  if (!Array.isArray(s.results)) fail('results must be a list');
  if (!isObject(s.logs) || !isObject(s.logs.metrics) || !isObject(s.logs.timings)) fail('logs must be { metrics, timings }');
  if (!isObject(s.arrays) || !Object.values(s.arrays).every((h) => typeof h === 'string')) fail('arrays must map file names to SHA-256s');
  const load = (name: string, rows: number): Float32Array[] | Float64Array[] => {
    if (!(name in s.arrays)) fail(`arrays does not list ${name}`);
    const p = join(dir, name);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(p);
    } catch (e) {
      throw new CheckpointError(`${p}: unreadable (${(e as Error).message})`);
    }
    if (sha(bytes) !== s.arrays[name]) throw new CheckpointError(`${p}: its SHA-256 is not the one state.json recorded (the array was changed or damaged)`);
    const a = decodeNpy(bytes, p);
    if (a.shape.length !== 2 || a.shape[0] !== rows || !(a.data instanceof Float32Array || a.data instanceof Float64Array)) {
      throw new CheckpointError(`${p}: expected a float array of ${rows} rows, found ${a.dtype} (${a.shape.join(', ')})`);
    }
    const n = a.shape[1];
    const data = a.data;
    return Array.from({ length: rows }, (_, i) => data.slice(i * n, (i + 1) * n)) as Float32Array[] | Float64Array[];
  };
  let arm: ArmSnapshot | null = null;
  if (s.arm !== null) {
    const a = s.arm;
    if (!isObject(a) || !isObject(a.arm) || !Array.isArray(a.lanes) || a.lanes.length === 0 || !Number.isSafeInteger(a.epoch) || a.epoch < 0) fail('arm must be null or the arm in progress with its lanes');
    const k = a.lanes.length;
    if (![a.initial, a.best, a.diverged, a.lastFinite].every((x) => Array.isArray(x) && x.length === k)) fail(`arm.initial, arm.best, arm.diverged and arm.lastFinite must each hold the ${k} lanes`);
    const lastThetas = a.lastFinite.some((x) => x) ? (load('last-finite.npy', k) as Float32Array[]) : null;
    const thetas = load('theta.npy', k) as Float32Array[];
    thetas.forEach((t, l) => {
      const bad = t.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0 && a.diverged[l] === false) throw new CheckpointError(`${join(dir, 'theta.npy')}: weight ${bad} of lane ${l} is ${t[bad]}, and the checkpoint does not record that lane as diverged`);
    });
    const slots = a.optimizer ? Object.fromEntries(a.optimizer.slots.map((slot) => [slot, load(`optimizer-${slot}.npy`, k) as Float32Array[]])) : null;
    const newton = a.newtonMu ? (load('newton.npy', k) as Float64Array[]) : null;
    arm = {
      arm: a.arm, epoch: a.epoch, epochOffset: a.epochOffset, initial: a.initial, best: a.best, diverged: a.diverged,
      lastFinite: a.lastFinite.map((m, l) => (m && lastThetas ? { metrics: m, theta: lastThetas[l] } : null)),
      lanes: a.lanes.map((lane, l) => ({
        theta: thetas[l],
        optimizer: a.optimizer && slots ? { step: a.optimizer.steps[l], slots: Object.fromEntries(Object.entries(slots).map(([slot, rows]) => [slot, rows[l]])) } : null,
        optimisationEpochs: lane.optimisationEpochs,
        streams: lane.streams as LaneState['streams'],
        images: lane.images as ImageCursorState | undefined,
        newton: newton && a.newtonMu ? { theta: newton[l], mu: a.newtonMu[l] } : null,
      })),
    };
  }
  if (s.carried !== null && (!isObject(s.carried) || !Number.isSafeInteger(s.carried.lanes) || s.carried.lanes < 1)) fail('carried must be null or { spec, epochs, lanes }');
  const carried = s.carried === null ? null : { spec: s.carried.spec, epochs: s.carried.epochs, thetas: load('carried.npy', s.carried.lanes) as Float32Array[] };
  return {
    snapshot: { steps: s.steps, armIndex: s.armIndex, unitsDone: s.unitsDone, results: s.results, carried, arm },
    record: { logs: s.logs, seconds: s.seconds, configHash: s.configHash },
  };
}
