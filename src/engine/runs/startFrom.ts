import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/errors';
import { paramLayout } from '../models/layout';
import { architectureOf, type ModelSpec } from '../models/modelSpec';
import { makeProjections } from '../models/projection';
import { RandomStreams } from '../random/streams';
import { readLaneCheckpoint, type LaneCheckpoint } from '../store/laneCheckpoint';

/** Where an arm's lanes start instead of a fresh init: the model and each lane's θ (coordinate order). */
export interface StartState { spec: Required<ModelSpec>; thetas: Float32Array[] }

/** A spec with every optional field written out (older checkpoints leave activation and weightNorm out). */
export const completeSpec = (spec: ModelSpec): Required<ModelSpec> => ({ ...spec, ...architectureOf(spec) }) as Required<ModelSpec>;

const fail = (message: string): never => {
  throw new ConfigError('config.from', `config.from: ${message}`);
};

/**
 * The checkpoints `from` names, one per seed: a checkpoint directory itself (one
 * lane), or a run directory or checkpoints folder holding lane k's checkpoint in
 * `<k>`. A quine is only itself with its own fixed projection, which its seed
 * makes: each lane's seed must be its checkpoint's (and re-derive the same
 * projection), or the run would start from weights that mean something else.
 */
export function resolveStart(from: string, seeds: number[]): StartState {
  if (!existsSync(from)) fail(`"${from}" does not exist`);
  if (!statSync(from).isDirectory()) fail(`"${from}" is a file; expected a checkpoint directory (model.json) or a run directory`);
  let dirs: string[];
  if (existsSync(join(from, 'model.json'))) {
    dirs = [from];
  } else {
    const folder = existsSync(join(from, 'checkpoints')) ? join(from, 'checkpoints') : from;
    dirs = seeds.map((_, k) => join(folder, String(k)));
    const missing = dirs.find((d) => !existsSync(join(d, 'model.json')));
    if (missing) {
      const found = readdirSync(folder).filter((d) => existsSync(join(folder, d, 'model.json')));
      fail(`no checkpoint ${missing} for lane ${dirs.indexOf(missing)} (found ${found.length ? found.join(', ') : 'none'}; lane k reads <k>)`);
    }
  }
  if (dirs.length !== seeds.length) fail(`"${from}" is one checkpoint: run it with --seeds 1, or give a run directory with a checkpoint per lane`);
  let checkpoints: LaneCheckpoint[] = [];
  try {
    checkpoints = dirs.map((d) => readLaneCheckpoint(d));
  } catch (e) {
    fail((e as Error).message);
  }
  const spec = completeSpec(checkpoints[0].model.spec);
  const n = paramLayout(spec.kind).count;
  checkpoints.forEach((cp, k) => {
    const other = completeSpec(cp.model.spec);
    if (JSON.stringify(other) !== JSON.stringify(spec)) fail(`${dirs[k]} is a different model from ${dirs[0]} (${JSON.stringify(other)} vs ${JSON.stringify(spec)})`);
    if (cp.model.seed !== seeds[k]) fail(`${dirs[k]} was made with seed ${cp.model.seed}, but lane ${k} has seed ${seeds[k]}: pass --seed ${Number(cp.model.seed) - k} (lane k has seed + k)`);
    const bad = cp.theta.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) fail(`${dirs[k]}: θ[${bad}] is ${cp.theta[bad]} (a diverged run cannot be continued)`);
    const p = makeProjections(spec, n, new RandomStreams(seeds[k]).fixed('projection'));
    const same = p.coord.length === cp.projections.coord.length && p.coord.every((x, i) => x === cp.projections.coord[i]);
    if (!same) fail(`${dirs[k]}: its projection is not the one seed ${seeds[k]} makes (a checkpoint from another version of Quinarium?)`);
  });
  return { spec, thetas: checkpoints.map((cp) => cp.theta) };
}
