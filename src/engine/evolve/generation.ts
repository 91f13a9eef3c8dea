import type { LearnEvaluateJob, LearnEvaluateResult, RegenerateJob } from './compute/laneJobs';
import type { EvolutionConfig } from './evolutionConfig';
import { birth, type EvolutionEvent, type EvolutionState } from './evolutionState';
import { generationStats } from './generationStats';
import type { EvolutionMeasurement, GenerationRow } from './records';
import { mutate } from '../train/regeneration';
import { selectionOperator } from './selection/registry';
import type { SelectionResult } from './selection/operator';

/**
 * One generation as ask / tell over an EvolutionState (in the manner of evosax's
 * init / ask / tell): `askLearning` makes every random draw of lifetime learning and
 * returns the jobs; `tellLearning` takes their results, records the measurements,
 * computes the generation's statistics, selects and draws the regeneration inputs;
 * `tellRegenerated` takes the regenerated weights, mutates them into children and
 * retires the dead. Jobs are plain data computed anywhere (one thread or many, see
 * threads/pool.ts); every draw happens here, in a fixed order, so the numbers never
 * depend on where jobs ran. Each function advances the state it is given.
 *
 * Draw order per stream (what makes a run reproducible, and must not change):
 * coords and images per lane in lane order; selection; regeneration rows per distinct
 * parent in order of first appearance (none for blank images); mutation per child
 * in parent order. No reproduction after the last generation.
 */

/** The images in the noise pool of `regeneration.input = noise` (see compute/evolutionContext.ts). */
const NOISE_POOL = 256;

/** Lifetime learning and evaluation of every living individual, lane order. */
/** What every generation reads and nothing changes: N, the training-split size, the diversity coordinates. */
export interface GenerationContext { n: number; trainCount: number; coordinates: number[] }

export function askLearning(state: EvolutionState, config: EvolutionConfig, { n }: GenerationContext): LearnEvaluateJob[] {
  const coords = state.streams.stateful('coords');
  const draws = config.lifetime.steps * config.lifetime.batchSize;
  return state.thetas.map((theta) => ({
    theta,
    coords: Int32Array.from({ length: draws }, () => coords.int(n)),
    images: Int32Array.from({ length: draws }, () => state.images.next()),
    lifetime: config.lifetime,
  }));
}

/** What a generation's measurements lead to: its statistics and the regeneration it asks for. */
export interface Learned {
  measured: EvolutionMeasurement[];
  row: GenerationRow;
  /** The selection event (none after the last generation). */
  events: EvolutionEvent[];
  /** One job per distinct parent; empty after the last generation. */
  regenerate: RegenerateJob[];
  reproduction: { selection: SelectionResult; parents: number[]; accuracyOf: Map<number, number> } | null;
}

/**
 * Records the measurements in the lineage, computes the generation row (before any
 * birth, so it describes the population that was measured), and unless this is the
 * last generation selects parents and draws each distinct parent's regeneration inputs.
 */
export function tellLearning(state: EvolutionState, config: EvolutionConfig, results: LearnEvaluateResult[], { n, trainCount, coordinates }: GenerationContext): Learned {
  const g = state.generation;
  const measured: EvolutionMeasurement[] = results.map((r, l) => ({ id: state.ids[l], metrics: r.metrics, theta: r.theta, predictions: r.predictions }));
  state.thetas = measured.map((m) => m.theta);
  for (const m of measured) {
    const x = m.metrics;
    state.lineage.record(m.id, { accuracy: x.accuracy ?? NaN, lsr: x.lsr, srq: x.srq, corr: x.corr, meanAbsTheta: x.meanAbsTheta, r2: x.r2, srqFree: x.srqFree, bits: x.bits, gain: x.gain, rmsTheta: x.rmsTheta });
  }
  const row = generationStats(g, measured, state.lineage, state.parentAccuracy, coordinates, 0, state.streams.fixed('heritability', g));
  if (g + 1 >= config.generations) return { measured, row, events: [], regenerate: [], reproduction: null };

  const rng = state.streams.stateful('selection');
  const candidates = measured.map((m) => ({ id: m.id, accuracy: m.metrics.accuracy ?? NaN, lsr: m.metrics.lsr }));
  const elites = Math.min(config.selection.elites, config.population - 1);
  const selection = selectionOperator(config.selection.method).select(candidates, { ...config.selection, elites }, config.population - elites, () => rng.next());
  const event: EvolutionEvent = { type: 'selection', generation: g, method: config.selection.method, elites: selection.elites, parents: selection.parents };
  // One regeneration per distinct parent (x_c drawn per coordinate); each child then gets its own mutation.
  const parents = [...new Set(selection.parents)];
  const draw = state.streams.stateful('regeneration');
  const input = config.regeneration.input;
  const table = input === 'noise' ? NOISE_POOL : trainCount;
  const thetaOf = new Map(measured.map((m) => [m.id, m.theta]));
  const regenerate = parents.map((p) => ({
    theta: thetaOf.get(p)!,
    rows: input === 'blank' ? null : Int32Array.from({ length: n }, () => draw.int(table)),
  }));
  const accuracyOf = new Map(candidates.map((x) => [x.id, x.accuracy]));
  return { measured, row, events: [event], regenerate, reproduction: { selection, parents, accuracyOf } };
}

/** Children and deaths of a generation (none after the last), and the state moved to the next generation. */
export function tellRegenerated(state: EvolutionState, config: EvolutionConfig, learned: Learned, regenerated: Float32Array[]): { births: number[]; deaths: number[]; events: EvolutionEvent[] } {
  const g = state.generation;
  state.generation = g + 1;
  const r = learned.reproduction;
  if (!r) return { births: [], deaths: [], events: [] };
  const regen = new Map(r.parents.map((p, i) => [p, regenerated[i]]));
  const thetaOf = new Map(learned.measured.map((m) => [m.id, m.theta]));
  const mutation = state.streams.stateful('mutation');
  const survivors = r.selection.elites;
  const thetas = survivors.map((id) => thetaOf.get(id)!);
  const births: number[] = [];
  const events: EvolutionEvent[] = [];
  state.parentAccuracy = new Map();
  for (const p of r.selection.parents) {
    thetas.push(mutate(Float32Array.from(regen.get(p)!), config.mutation.sigma, config.mutation.rate, mutation));
    const b = birth(state, p, g + 1, config.mutation.sigma);
    births.push(b.id);
    events.push(b.event);
    state.parentAccuracy.set(b.id, r.accuracyOf.get(p)!);
  }
  const keep = new Set(survivors);
  const deaths = state.ids.filter((id) => !keep.has(id));
  for (const id of deaths) {
    state.lineage.death(id, g + 1);
    events.push({ type: 'death', id, generation: g + 1 });
  }
  state.ids = [...survivors, ...births];
  state.thetas = thetas;
  return { births, deaths, events };
}
