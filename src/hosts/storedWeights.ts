/**
 * The inspector's weights for individuals the live population no longer holds: read
 * from a run directory's checkpoint and run forward once to recompute f(c), so a
 * stored run (or a live one's past) shows θ beside its predictions like a living one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contextSpecOf, EvolutionContext } from '../engine/evolve/compute/evolutionContext';
import { finalPopulationDir, listEvolutionCheckpoints, readEvolutionCheckpointDir } from '../engine/evolve/evolutionCheckpoint';
import type { EvolutionConfig } from '../engine/evolve/evolutionConfig';
import { parseAlifeCsv } from '../engine/evolve/lineage/alifeCsv';
import { LaneSet } from '../engine/lanes/laneSet';
import { evaluateLanes } from '../engine/metrics/evaluateLanes';
import { paramLayout } from '../engine/models/layout';
import { readLaneCheckpoint } from '../engine/store/laneCheckpoint';
import { checkpointInputs } from '../engine/store/checkpointInputs';
import { JsonlLog } from '../engine/store/jsonlLog';
import { RunDirectory } from '../engine/store/runDirectory';
import { paperCheckpointNames } from '../shared/paperCheckpoints';
import type { IndividualDetail, IndividualRow } from '../protocol/messages';
import { individualFromAlifeRow } from './runDirectoryReader';

type WeightPanels = NonNullable<IndividualDetail['weights']>;

/** W1 and W2 (the two 100×100 blocks) of θ and of f, as the inspector draws them. */
export function weightPanels(kind: 'vanilla' | 'auxiliary', theta: Float32Array, predicted: Float32Array): WeightPanels {
  return paramLayout(kind).blocks.filter((b) => b.name === 'W1' || b.name === 'W2').map((b) => {
    const size = b.shape[0] * b.shape[1];
    return { name: b.name, rows: b.shape[0], cols: b.shape[1], theta: Array.from(theta.subarray(b.offset, b.offset + size)), predicted: Array.from(predicted.subarray(b.offset, b.offset + size)) };
  });
}

/** A saved population's state.json, the fields read here; null when it cannot be read (a damaged or half-written one is skipped). */
function savedState(dir: string): { ids: number[]; generation: number } | null {
  try {
    const s = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { ids?: unknown; generation?: unknown };
    return Array.isArray(s.ids) && typeof s.generation === 'number' ? { ids: s.ids.filter((x): x is number => typeof x === 'number'), generation: s.generation } : null;
  } catch {
    return null;
  }
}

/**
 * The populations whose weights a run keeps, newest first, each state.json read once: a
 * complete run's final population (the living of its last generation, measured: its
 * state is the generation after), then its checkpoints (each the population entering its
 * generation), with the generation whose living each holds and their ids.
 */
function savedPopulations(runDir: string): { dir: string; generation: number; final: boolean; ids: number[] }[] {
  const folders = [
    ...(existsSync(finalPopulationDir(runDir)) ? [{ dir: finalPopulationDir(runDir), final: true }] : []),
    ...listEvolutionCheckpoints(runDir).map((c) => ({ dir: c.dir, final: false })),
  ];
  return folders.flatMap((f) => {
    const state = savedState(f.dir);
    return state ? [{ ...f, ids: state.ids, generation: f.final ? state.generation - 1 : state.generation }] : [];
  });
}

/**
 * The weights of evolution individual `id` as the newest saved population that holds it
 * keeps them (the final population of a complete run, else a checkpoint), with f
 * recomputed; when none does, the generations whose populations are kept (the final one
 * and one checkpoint unless the run was made with a larger `checkpointKeep`), for the
 * inspector to say so.
 */
export function evolutionCheckpointWeights(runDir: string, id: number, dataDir?: string): { weights: WeightPanels; from: string } | { kept: number[] } {
  const n = paramLayout('auxiliary').count;
  const populations = savedPopulations(runDir);
  const holding = populations.find((c) => c.ids.includes(id));
  if (!holding) return { kept: [...new Set(populations.map((c) => c.generation))] };
  const { state, thetas } = readEvolutionCheckpointDir(holding.dir, n);
  const lane = state.ids.indexOf(id);
  const saved = RunDirectory.openKind(runDir, 'evolution').config() as { config: EvolutionConfig; dataDir?: string | null };
  const config = saved.config;
  const context = new EvolutionContext(contextSpecOf(config, dataDir ?? saved.dataDir ?? undefined));
  const lanes = new LaneSet([context.fixed], [thetas[lane]]);
  try {
    const [e] = evaluateLanes(lanes, false, false, false);
    const what = config.inheritance === 'germline' ? 'genome' : 'weights';
    const where = holding.final ? `the final population (generation ${holding.generation})` : `the checkpoint of generation ${state.generation}`;
    return { weights: weightPanels('auxiliary', e.theta, e.predictions), from: `${what} from ${where}, f recomputed` };
  } finally {
    lanes.dispose();
    context.dispose();
  }
}

/** An evolution individual of a stored run: its lineage row and ancestry from lineage.csv, its weights from the checkpoint when it holds them. */
function storedIndividual(runDir: string, id: number, dataDir?: string): IndividualDetail {
  const files = RunDirectory.openKind(runDir, 'evolution');
  if (!files.has('lineage')) throw new Error(`inspectStored: ${runDir} has no lineage.csv`);
  const rows = new Map<number, IndividualRow>();
  for (const r of parseAlifeCsv(readFileSync(files.path('lineage'), 'utf8'))) rows.set(r.id, individualFromAlifeRow(r));
  const individual = rows.get(id);
  if (!individual) throw new Error(`inspectStored: no individual ${id} in ${files.path('lineage')}`);
  const ancestry: IndividualRow[] = [];
  for (let r: IndividualRow | undefined = individual; r; r = r.parent === null ? undefined : rows.get(r.parent)) ancestry.push(r);
  const stored = evolutionCheckpointWeights(runDir, id, dataDir);
  return 'kept' in stored
    ? { individual, ancestry: ancestry.reverse(), checkpointGenerations: stored.kept }
    : { individual, ancestry: ancestry.reverse(), weights: stored.weights, weightsFrom: stored.from };
}

/**
 * The k-th lane checkpoint of a paper run (in paperCheckpointNames' order: the lane of a
 * single or chained run, or arm and lane of parallel arms): θ, f recomputed, and the
 * metrics of that recomputation.
 */
function storedLane(runDir: string, k: number, dataDir?: string): IndividualDetail {
  const files = RunDirectory.openKind(runDir, 'paper');
  const names = paperCheckpointNames(files.has('metrics') ? JsonlLog.readJsonl<Record<string, unknown>>(files.path('metrics')) : []);
  const name = names[k];
  if (name === undefined) throw new Error(`inspectStored: ${runDir} has ${names.length} lane checkpoint(s); there is no number ${k}`);
  const dir = join(runDir, 'checkpoints', name);
  const ckpt = readLaneCheckpoint(dir);
  const spec = ckpt.model.spec;
  const inputs = checkpointInputs(ckpt, dataDir);
  const lanes = new LaneSet([inputs], [ckpt.theta]);
  try {
    const [e] = evaluateLanes(lanes, spec.kind === 'auxiliary', false, false);
    const m = e.metrics;
    const individual: IndividualRow = {
      id: k, parent: null, born: 0, died: null,
      accuracy: m.accuracy ?? null, lsr: m.lsr, srq: m.srq, corr: m.corr, meanAbsTheta: m.meanAbsTheta,
      r2: m.r2, rmsTheta: m.rmsTheta, bits: m.bits, innateAccuracy: null, transmissionR2: null, sigma: 0,
    };
    return { individual, ancestry: [individual], weights: weightPanels(spec.kind, e.theta, e.predictions), weightsFrom: `lane ${name} (seed ${ckpt.model.seed}) from ${dir}, f recomputed` };
  } finally {
    lanes.dispose();
    inputs.dispose();
  }
}

/** `inspectStored`: an evolution individual by id, or a paper run's k-th lane checkpoint (paperCheckpointNames). */
export function inspectStored(runDir: string, id: number, dataDir?: string): IndividualDetail {
  const run = RunDirectory.open(runDir);
  return run.kind === 'evolution' ? storedIndividual(runDir, id, dataDir) : storedLane(runDir, id, dataDir);
}
