import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/errors';
import { architectureOf, type ModelSpec } from '../models/modelSpec';
import type { Projections } from '../models/projection';
import { evolutionInputsOf } from '../store/checkpointInputs';
import { readLaneCheckpoint, writeLaneCheckpoint, type LaneCheckpoint } from '../store/laneCheckpoint';
import type { SolveReport } from '../solve/solveQuine';
import type { EvolutionConfig } from './evolutionConfig';

/** Where an evolution writes its distinct founders, one quine checkpoint each (`<k>/`), once they are final. */
export const FOUNDERS_DIR = join('checkpoints', 'founders');

const fail = (message: string): never => {
  throw new ConfigError('config.founders.from', `config.founders.from: ${message}`);
};

/** The checkpoint directories one `--founders` entry names: a checkpoint, a folder of them, or an evolution run directory (its founders). */
function checkpointDirs(entry: string): string[] {
  if (!existsSync(entry)) fail(`"${entry}" does not exist`);
  if (existsSync(join(entry, 'model.json'))) return [entry];
  const folder = existsSync(join(entry, FOUNDERS_DIR)) ? join(entry, FOUNDERS_DIR) : existsSync(join(entry, 'checkpoints')) ? join(entry, 'checkpoints') : entry;
  const dirs = readdirSync(folder).filter((d) => /^\d+$/.test(d) && existsSync(join(folder, d, 'model.json'))).sort((a, b) => Number(a) - Number(b));
  if (!dirs.length) fail(`"${entry}" holds no quine checkpoint (a directory with model.json, a folder of them, or an evolution run directory with ${FOUNDERS_DIR})`);
  return dirs.map((d) => join(folder, d));
}

/** Equal element by element (the projections a seed makes, against a checkpoint's files). */
const same = (a: Float32Array | undefined, b: Float32Array | undefined): boolean => !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The founders `config.founders.from` names (comma-separated entries), in order. A quine
 * is a quine only of its own map: its projections, and for the auxiliary quine the images
 * paired with its coordinates. So each checkpoint must be an auxiliary quine of this
 * run's model, made with this run's seed (whose projections are re-derived and compared,
 * element by element), and — unless the founders are solved again here
 * (founders.solve newton) — on this run's validation split and pairing. Anything else is
 * refused with the one line that says how to make it fit.
 */
export function loadFounders(config: EvolutionConfig, spec: ModelSpec, projections: Projections): Float32Array[] {
  const entries = config.founders.from.split(',').map((s) => s.trim()).filter(Boolean);
  const dirs = entries.flatMap(checkpointDirs);
  const want = JSON.stringify({ kind: spec.kind, encoding: spec.encoding, embedActivation: spec.embedActivation ?? 'none', ...architectureOf(spec) });
  return dirs.map((dir) => {
    let cp: LaneCheckpoint | undefined;
    try {
      cp = readLaneCheckpoint(dir);
    } catch (e) {
      fail((e as Error).message);
    }
    const c = cp!;
    const s = c.model.spec;
    const got = JSON.stringify({ kind: s.kind, encoding: s.encoding, embedActivation: s.embedActivation ?? 'none', ...architectureOf(s) });
    if (got !== want) fail(`${dir} is a different model (${got}) from the evolved one (${want})`);
    if (c.model.seed !== config.seed) {
      fail(`${dir} was made with seed ${c.model.seed}, whose projections and pairing are not this run's (seed ${config.seed}): pass --seed ${c.model.seed}, or solve founders in this run's own context with --founders-solve newton and no --founders`);
    }
    if (!same(c.projections.coord, projections.coord) || !same(c.projections.pixel, projections.pixel)) {
      fail(`${dir}: its projections are not the ones seed ${config.seed} makes (a checkpoint from another version of Quinarium?)`);
    }
    const bad = c.theta.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) fail(`${dir}: θ[${bad}] is ${c.theta[bad]} (a diverged quine cannot found a population)`);
    if (config.founders.solve === 'none') {
      const e = evolutionInputsOf(c);
      const ours = { validation: config.evaluation.validation, pairing: config.regeneration.pairing };
      if (!e || e.validation !== ours.validation || e.pairing !== ours.pairing) {
        const theirs = e ? `validation ${e.validation}, pairing ${e.pairing}` : 'a paper run: L_SR on test images';
        fail(`${dir} is a quine of another map (${theirs}; this run: validation ${ours.validation}, pairing ${ours.pairing}): match them, or add --founders-solve newton to solve it again on this run's map`);
      }
    }
    return c.theta;
  });
}

/** The distinct founders as quine checkpoints (θ, projections, model.json with the evolution's split, pairing and solve report): `inspect`, `probe` and `--founders` read them. */
export function writeFounders(runDir: string, config: EvolutionConfig, spec: ModelSpec, projections: Projections, thetas: Float32Array[], reports: (SolveReport | null)[]): void {
  thetas.forEach((theta, k) => {
    const options: Record<string, unknown> = { evolution: { validation: config.evaluation.validation, pairing: config.regeneration.pairing } };
    if (reports[k]) options.solve = reports[k];
    writeLaneCheckpoint(join(runDir, FOUNDERS_DIR, String(k)), spec, theta, projections, config.seed, options);
  });
}
