import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { paramLayout } from '../models/layout';
import { AUX_COORD_UNITS, IMAGE_PIXELS, MODEL_KINDS, type ModelSpec } from '../models/modelSpec';
import type { Projections } from '../models/projection';
import { writeJsonAtomic } from './atomicWrite';
import { CheckpointError } from './errors';
import { readNpy, writeNpy } from './npy';
import { ensureDir } from './runDir';

/** model.json: everything needed to rebuild the quine with no Quinarium code. */
export interface ModelFile {
  format: 'quinarium-quine/1';
  spec: ModelSpec;
  paramCount: number;
  /** θ's blocks in coordinate order: PyTorch-style [out, in], row-major. */
  layout: { name: string; shape: [number, number]; offset: number }[];
  projections: Record<string, { file: string; shape: number[]; note: string }>;
  seed: number | string;
  options: Record<string, unknown>;
}

export interface LaneCheckpoint { model: ModelFile; theta: Float32Array; projections: Projections }

function projectionFiles(spec: ModelSpec, n: number, p: Projections): Record<string, { data: Float32Array; shape: number[]; note: string }> {
  const coordName = spec.kind === 'auxiliary' ? 'Pc' : spec.encoding === 'direct' ? 'p' : 'P';
  const coordRows = spec.encoding === 'direct' ? 1 : n;
  const files: Record<string, { data: Float32Array; shape: number[]; note: string }> = {
    [coordName]: {
      data: p.coord,
      shape: [coordRows, p.coordUnits],
      note: spec.encoding === 'direct' ? 'e = (c / N) · p' : 'e = P[c] (one-hot(c) @ P)',
    },
  };
  if (p.pixel) files.Px = { data: p.pixel, shape: [AUX_COORD_UNITS, IMAGE_PIXELS], note: 'image half of e = Px · (x / 255)' };
  return files;
}

/** Writes theta.npy, the projections as .npy and model.json into `dir`, each atomically. */
export function writeLaneCheckpoint(dir: string, spec: ModelSpec, theta: Float32Array, projections: Projections, seed: number | string, options: Record<string, unknown>): void {
  ensureDir(dir);
  const layout = paramLayout(spec.kind);
  writeNpy(join(dir, 'theta.npy'), theta, [layout.count]);
  const files = projectionFiles(spec, layout.count, projections);
  const described: ModelFile['projections'] = {};
  for (const [name, f] of Object.entries(files)) {
    writeNpy(join(dir, `${name}.npy`), f.data, f.shape);
    described[name] = { file: `${name}.npy`, shape: f.shape, note: f.note };
  }
  const model: ModelFile = {
    format: 'quinarium-quine/1',
    spec,
    paramCount: layout.count,
    layout: layout.blocks.map((b) => ({ name: b.name, shape: b.shape, offset: b.offset })),
    projections: described,
    seed,
    options,
  };
  writeJsonAtomic(join(dir, 'model.json'), model);
}

/** Reads a lane checkpoint, checking every file against model.json. */
export function readLaneCheckpoint(dir: string): LaneCheckpoint {
  const modelPath = join(dir, 'model.json');
  if (!existsSync(modelPath)) throw new CheckpointError(`${dir}: not a checkpoint directory (no model.json)`);
  let model: ModelFile;
  try {
    model = JSON.parse(readFileSync(modelPath, 'utf8')) as ModelFile;
  } catch (e) {
    throw new CheckpointError(`${modelPath}: invalid JSON (${(e as Error).message})`);
  }
  if (model?.format !== 'quinarium-quine/1' || !model.spec || !(MODEL_KINDS as readonly string[]).includes(model.spec.kind)) {
    throw new CheckpointError(`${modelPath}: expected format "quinarium-quine/1" with a ${MODEL_KINDS.join(' or ')} spec`);
  }
  const n = paramLayout(model.spec.kind).count;
  const theta = readNpy(join(dir, 'theta.npy'));
  if (!(theta.data instanceof Float32Array) || theta.data.length !== n) {
    throw new CheckpointError(`${join(dir, 'theta.npy')}: expected ${n} float32 weights for a ${model.spec.kind} quine, found ${theta.data.length} ${theta.dtype}`);
  }
  const expected = projectionFiles(model.spec, n, { coord: new Float32Array(0), coordUnits: model.spec.kind === 'auxiliary' ? AUX_COORD_UNITS : 100, pixel: model.spec.kind === 'auxiliary' ? new Float32Array(0) : undefined });
  const loaded: Record<string, Float32Array> = {};
  for (const [name, f] of Object.entries(expected)) {
    const path = join(dir, `${name}.npy`);
    if (!existsSync(path)) throw new CheckpointError(`${dir}: missing projection ${name}.npy`);
    const arr = readNpy(path);
    if (!(arr.data instanceof Float32Array) || arr.shape.join(',') !== f.shape.join(',')) {
      throw new CheckpointError(`${path}: expected float32 shape (${f.shape.join(', ')}), found ${arr.dtype} (${arr.shape.join(', ')})`);
    }
    loaded[name] = arr.data;
  }
  const coordName = Object.keys(expected)[0];
  return {
    model,
    theta: theta.data,
    projections: { coord: loaded[coordName], coordUnits: expected[coordName].shape[1], pixel: loaded.Px },
  };
}
