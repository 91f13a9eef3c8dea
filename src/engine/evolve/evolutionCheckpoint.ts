import { existsSync, readFileSync, renameSync, rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageCursorState } from '../data/imageCursor';
import type { StreamStates } from '../random/streams';
import { writeJsonAtomic } from '../store/atomicWrite';
import { CheckpointError } from '../store/errors';
import { readNpy, writeNpy } from '../store/npy';
import { ensureDir } from '../store/runDir';
import type { LineageJSON } from './lineage/lineageJson';

/** state.json: an EvolutionState (evolutionState.ts) as JSON, with the runner's log positions and time. */
export interface EvolutionStateFile {
  format: 'quinarium-evolution/1';
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
  lineage: LineageJSON;
  /** Founders not yet solved into quines (founders.solve newton; absent before it: false). */
  foundersPending?: boolean;
  /** Lines in each append-only log when the checkpoint was taken: a resume cuts them back to these. */
  logLines: { generations: number; events: number };
  seconds: number;
}

const POINTER = 'latest.json';

/**
 * Writes checkpoints/gen-XXXXXX/ {state.json, population.npy} into a temporary folder,
 * renames it into place (atomic), then moves the latest.json pointer (atomic) and
 * removes older checkpoints. A crash at any point leaves a complete checkpoint.
 */
export function writeEvolutionCheckpoint(runDir: string, state: EvolutionStateFile, thetas: Float32Array[], n: number): string {
  const root = ensureDir(join(runDir, 'checkpoints'));
  const name = `gen-${String(state.generation).padStart(6, '0')}`;
  const tmp = join(root, `.tmp-${name}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  ensureDir(tmp);
  const flat = new Float32Array(thetas.length * n);
  thetas.forEach((t, i) => flat.set(t, i * n));
  writeNpy(join(tmp, 'population.npy'), flat, [thetas.length, n]);
  writeJsonAtomic(join(tmp, 'state.json'), state);
  const dir = join(root, name);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  writeJsonAtomic(join(root, POINTER), { checkpoint: name, generation: state.generation });
  for (const entry of readdirSync(root)) {
    if (entry.startsWith('gen-') && entry !== name) rmSync(join(root, entry), { recursive: true, force: true });
  }
  return dir;
}

export function readEvolutionCheckpoint(runDir: string, n: number): { state: EvolutionStateFile; thetas: Float32Array[] } {
  const root = join(runDir, 'checkpoints');
  const pointer = join(root, POINTER);
  if (!existsSync(pointer)) throw new CheckpointError(`${runDir}: no checkpoint to resume from (missing checkpoints/${POINTER})`);
  let name: string;
  try {
    name = (JSON.parse(readFileSync(pointer, 'utf8')) as { checkpoint: string }).checkpoint;
  } catch (e) {
    throw new CheckpointError(`${pointer}: invalid JSON (${(e as Error).message})`);
  }
  const dir = join(root, String(name));
  let state: EvolutionStateFile;
  try {
    state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as EvolutionStateFile;
  } catch (e) {
    throw new CheckpointError(`${join(dir, 'state.json')}: unreadable (${(e as Error).message})`);
  }
  if (state.format !== 'quinarium-evolution/1' || !Array.isArray(state.ids)) {
    throw new CheckpointError(`${join(dir, 'state.json')}: expected format "quinarium-evolution/1"`);
  }
  const pop = readNpy(join(dir, 'population.npy'));
  if (!(pop.data instanceof Float32Array) || pop.shape.length !== 2 || pop.shape[0] !== state.ids.length || pop.shape[1] !== n) {
    throw new CheckpointError(`${join(dir, 'population.npy')}: expected float32 (${state.ids.length}, ${n}), found ${pop.dtype} (${pop.shape.join(', ')})`);
  }
  const data = pop.data;
  const thetas = state.ids.map((_, i) => data.slice(i * n, (i + 1) * n));
  return { state, thetas };
}
