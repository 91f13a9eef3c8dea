import type { LearnEvaluateJob, LearnEvaluateResult, RegenerateJob } from './compute/laneJobs';
import type { EvolutionConfig } from './evolutionConfig';
import { birth, type EvolutionEvent, type EvolutionState } from './evolutionState';
import { generationStats } from './generationStats';
import type { EvolutionMeasurement, GenerationRow } from './records';
import { mutate, regenerated } from '../train/regeneration';
import { metricBlocks, replicationMetrics } from '../metrics/replicationMetrics';
import { paramLayout } from '../models/layout';
import type { Stream } from '../random/streams';
import { priceSplit } from './lineage/priceEquation';
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
 * coords and images per lane in lane order; selection; with a cross-parent or
 * shuffled-parents control, each child's source on `control`; regeneration rows per
 * distinct source (the parent, without a control) in order of first appearance (none
 * for blank images or a fixed pairing); per child in parent order, a zero-transmission child's noise on
 * `control`, then its mutation. No reproduction after the last generation.
 *
 * Inheritance: under `lamarckian` (the paper's evolution, and the default) a child is
 * regenerated from its parent's weights after lifetime learning, and those learned
 * weights are what the parent carries on; under `germline` lifetime learning trains
 * a soma copy that is measured and selected on, while the genome (the weights the
 * individual was born with) is what it regenerates its children from and carries on.
 */

/** The images in the noise pool of `regeneration.input = noise` (see compute/evolutionContext.ts). */
const NOISE_POOL = 256;

/** Lifetime learning and evaluation of every living individual, lane order. */
/** What every generation reads and nothing changes: N, the training-split size, the diversity coordinates. */
export interface GenerationContext { n: number; trainCount: number; coordinates: number[] }

export function askLearning(state: EvolutionState, config: EvolutionConfig, { n }: GenerationContext): LearnEvaluateJob[] {
  const coords = state.streams.stateful('coords');
  const draws = config.lifetime.steps * config.lifetime.batchSize;
  // Each lane's draws are made in its compute thread from where its share starts; the
  // main thread skips the streams past them, so both end where drawing them here would.
  return state.thetas.map((theta) => {
    const job: LearnEvaluateJob = {
      theta,
      coords: { state: coords.state(), n },
      images: { state: state.images.state(), count: state.images.count },
      lifetime: config.lifetime,
      inheritance: config.inheritance,
    };
    coords.skip(draws);
    state.images.skip(draws);
    return job;
  });
}

/** What a generation's measurements lead to: its statistics and the regeneration it asks for. */
export interface Learned {
  measured: EvolutionMeasurement[];
  row: GenerationRow;
  /** The selection event (none after the last generation). */
  events: EvolutionEvent[];
  /** One job per distinct parent; empty after the last generation. */
  regenerate: RegenerateJob[];
  reproduction: {
    selection: SelectionResult;
    /** The distinct sources, in the order of `regenerate`. */
    sources: number[];
    /** The individual each child (in `selection.parents` order) is regenerated from: its parent unless a control says otherwise. */
    sourceOf: number[];
    /** Each individual's genome: what it regenerates children from and carries on. */
    genomeOf: Map<number, Float32Array>;
    accuracyOf: Map<number, number>;
    innateOf: Map<number, number>;
  } | null;
}

/**
 * Records the measurements in the lineage, computes the generation row (before any
 * birth, so it describes the population that was measured), and unless this is the
 * last generation selects parents and draws each distinct parent's regeneration inputs.
 */
export function tellLearning(state: EvolutionState, config: EvolutionConfig, results: LearnEvaluateResult[], { n, trainCount, coordinates }: GenerationContext): Learned {
  const g = state.generation;
  const measured: EvolutionMeasurement[] = results.map((r, l) => ({ id: state.ids[l], metrics: r.metrics, theta: r.theta, predictions: r.predictions, innateAccuracy: r.innateAccuracy, soma: r.soma }));
  // Germline: the genomes stay what they were; the learned soma is measured and discarded.
  if (config.inheritance === 'lamarckian') state.thetas = measured.map((m) => m.theta);
  for (const m of measured) {
    const x = m.metrics;
    const [transmissionR2, transmissionCorr] = state.transmission.get(m.id) ?? [NaN, NaN];
    state.lineage.record(m.id, {
      accuracy: x.accuracy ?? NaN, lsr: x.lsr, srq: x.srq, corr: x.corr, meanAbsTheta: x.meanAbsTheta, r2: x.r2, srqFree: x.srqFree, bits: x.bits, gain: x.gain, rmsTheta: x.rmsTheta,
      innateAccuracy: m.innateAccuracy, transmissionR2, transmissionCorr,
    });
  }
  const newborn = measured.filter((m) => state.lineage.get(m.id).generation === g && state.transmission.has(m.id)).map((m) => ({ id: m.id, transmission: state.transmission.get(m.id)! }));
  // Price: each member's "parent" in the previous generation is its parent if born now, itself if it survived.
  const offspring = measured.map((m) => {
    const ind = state.lineage.get(m.id);
    return { parent: ind.generation === g ? ind.parent! : m.id, z: m.metrics.accuracy ?? NaN };
  });
  const price = g > 0 && state.pricePrevious.length ? priceSplit(state.pricePrevious.map(([id, z]) => ({ id, z })), offspring) : null;
  state.pricePrevious = measured.map((m) => [m.id, m.metrics.accuracy ?? NaN]);
  const row = generationStats(g, measured, state.lineage, { parentAccuracy: state.parentAccuracy, parentInnate: state.parentInnate, newborn, price }, coordinates, 0, state.streams.fixed('heritability', g));
  if (g + 1 >= config.generations) return { measured, row, events: [], regenerate: [], reproduction: null };

  const rng = state.streams.stateful('selection');
  const innate = config.selection.accuracy === 'innate';
  // The replication loss selection sees: L_SR, or 1 − r2, which the zero quine cannot game (SPEC "Beyond the paper").
  const scaleFree = config.selection.replication === 'one-minus-r2';
  const candidates = measured.map((m) => ({ id: m.id, accuracy: innate ? m.innateAccuracy : m.metrics.accuracy ?? NaN, lsr: scaleFree ? 1 - m.metrics.r2 : m.metrics.lsr }));
  const operator = selectionOperator(config.selection.method);
  // Survivors: μ for an environmental selection such as NSGA-II's (μ+λ), else the elites.
  const elites = operator.survivors ? operator.survivors(config.population) : Math.min(config.selection.elites, config.population - 1);
  // Immortal elites keep learning (lamarckian), so "best accuracy" can measure accumulated
  // training: with maxAge an elite that would live past it is not kept, and its slot is
  // filled by one more child — drawn by the operator itself when survival is its
  // selection (it is told who expires), else by the same operator without elites.
  const maxAge = config.selection.maxAge;
  const expiring = maxAge > 0 ? new Set(state.ids.filter((id) => g + 1 - state.lineage.get(id).generation >= maxAge)) : undefined;
  let selection = operator.select(candidates, { ...config.selection, elites, expiring }, config.population - elites, () => rng.next());
  if (maxAge > 0) {
    const kept = selection.elites.filter((id) => !expiring!.has(id));
    const freed = selection.elites.length - kept.length;
    if (freed > 0) {
      const extra = operator.select(candidates, { ...config.selection, elites: 0 }, freed, () => rng.next());
      selection = { ...selection, elites: kept, parents: [...selection.parents, ...extra.parents] };
    }
  }
  const event: EvolutionEvent = { type: 'selection', generation: g, method: config.selection.method, elites: selection.elites, parents: selection.parents };
  const sourceOf = childSources(selection.parents, state.ids, config.regeneration.control, state.streams.stateful('control'));
  // One regeneration per distinct source (x_c drawn per coordinate); each child then gets its own mutation.
  const sources = [...new Set(sourceOf)];
  const draw = state.streams.stateful('regeneration');
  const input = config.regeneration.input;
  const table = input === 'noise' ? NOISE_POOL : trainCount;
  const genomeOf = new Map(state.ids.map((id, l) => [id, state.thetas[l]]));
  // A fixed pairing draws nothing: every regeneration is the one map the replication metrics measure.
  const regenerate = sources.map((p): RegenerateJob => ({
    theta: genomeOf.get(p)!,
    rows: input === 'blank' ? null : config.regeneration.pairing === 'fixed' ? 'fixed' : Int32Array.from({ length: n }, () => draw.int(table)),
  }));
  const accuracyOf = new Map(measured.map((m) => [m.id, m.metrics.accuracy ?? NaN]));
  const innateOf = new Map(measured.map((m) => [m.id, m.innateAccuracy]));
  return { measured, row, events: [event], regenerate, reproduction: { selection, sources, sourceOf, genomeOf, accuracyOf, innateOf } };
}

/**
 * The individual each child is regenerated from. Without a control, its parent. The
 * controls keep selection and the recorded genealogy and break only transmission:
 * `shuffled-parents` permutes the selected parents among the children (who reproduces,
 * and how often, is unchanged; who made whom is random), `cross-parent` takes a
 * uniformly random individual other than the parent (selection no longer reaches the
 * children's weights). `zero-transmission` replaces the weights later (tellRegenerated).
 */
export function childSources(parents: readonly number[], living: readonly number[], control: EvolutionConfig['regeneration']['control'], rng: Stream): number[] {
  if (control === 'shuffled-parents') {
    const out = [...parents];
    for (let i = out.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }
  if (control === 'cross-parent') {
    return parents.map((p) => {
      const others = living.filter((id) => id !== p);
      return others.length ? others[rng.int(others.length)] : p;
    });
  }
  return [...parents];
}

/** Children and deaths of a generation (none after the last), and the state moved to the next generation. */
export function tellRegenerated(state: EvolutionState, config: EvolutionConfig, learned: Learned, regenerated_: Float32Array[]): { births: number[]; deaths: number[]; events: EvolutionEvent[] } {
  const g = state.generation;
  state.generation = g + 1;
  const r = learned.reproduction;
  if (!r) return { births: [], deaths: [], events: [] };
  const predicted = new Map(r.sources.map((p, i) => [p, regenerated_[i]]));
  const control = state.streams.stateful('control');
  const mutation = state.streams.stateful('mutation');
  const rule = { normalise: config.regeneration.normalise, beta: config.regeneration.beta };
  const blocks = metricBlocks(paramLayout('auxiliary'));
  const survivors = r.selection.elites;
  const thetas = survivors.map((id) => r.genomeOf.get(id)!);
  const births: number[] = [];
  const events: EvolutionEvent[] = [];
  state.parentAccuracy = new Map();
  state.parentInnate = new Map();
  const transmission = new Map<number, [number, number]>();
  r.selection.parents.forEach((p, i) => {
    const source = r.sourceOf[i];
    let child = regenerated(r.genomeOf.get(source)!, predicted.get(source)!, rule, blocks);
    if (config.regeneration.control === 'zero-transmission') child = noiseWithNormOf(child, control);
    // What passed from the recorded parent into the child, before mutation adds its own noise.
    const parentGenome = r.genomeOf.get(p)!;
    const rep = replicationMetrics(child, parentGenome);
    const t: [number, number] = [rep.r2, rep.corr];
    thetas.push(mutate(child, config.mutation.sigma, config.mutation.rate, mutation));
    const b = birth(state, p, g + 1, config.mutation.sigma);
    births.push(b.id);
    events.push(b.event);
    state.parentAccuracy.set(b.id, r.accuracyOf.get(p)!);
    state.parentInnate.set(b.id, r.innateOf.get(p)!);
    transmission.set(b.id, t);
  });
  const keep = new Set(survivors);
  // A surviving elite keeps the transmission it was born with.
  for (const id of survivors) if (state.transmission.has(id)) transmission.set(id, state.transmission.get(id)!);
  state.transmission = transmission;
  const deaths = state.ids.filter((id) => !keep.has(id));
  for (const id of deaths) {
    state.lineage.death(id, g + 1);
    events.push({ type: 'death', id, generation: g + 1 });
  }
  state.ids = [...survivors, ...births];
  state.thetas = thetas;
  return { births, deaths, events };
}

/** The zero-transmission control's child: N(0, 1) noise rescaled to the norm of what the parent predicted. */
function noiseWithNormOf(f: Float32Array, rng: Stream): Float32Array {
  const z = new Float64Array(f.length);
  let zz = 0, ff = 0;
  for (let i = 0; i < f.length; i++) {
    z[i] = rng.normal();
    zz += z[i] * z[i];
    ff += f[i] * f[i];
  }
  const k = zz > 0 ? Math.sqrt(ff / zz) : 0;
  return Float32Array.from(z, (v) => k * v);
}
