import type { ImageCursor } from '../data/imageCursor';
import { initTheta } from '../models/init';
import { mutate } from '../train/regeneration';
import { paramLayout } from '../models/layout';
import type { ModelSpec } from '../models/modelSpec';
import { RandomStreams } from '../random/streams';
import type { EvolutionConfig } from './evolutionConfig';
import { EVOLUTION_CHECKPOINT_FORMAT, type EvolutionStateFile } from './evolutionCheckpoint';
import { CheckpointError } from '../store/errors';
import type { DeadSection } from './lineage/lineageCsvFile';
import { individualJSON } from './lineage/lineageJson';
import { Lineage } from './lineage/lineage';

/**
 * Everything an evolution is, between two generations: what a checkpoint holds and
 * what `ask` / `tell` (generation.ts) advance. Nothing else carries over from one
 * generation to the next, so a run resumed from this state continues exactly.
 */
export interface EvolutionState {
  /** The next generation to run. */
  generation: number;
  nextId: number;
  /** Living individuals in lane order. */
  ids: number[];
  /** Their weights, canonical coordinate order, lane order. */
  thetas: Float32Array[];
  /** Accuracy of each living child's parent when it reproduced (heritability). */
  parentAccuracy: Map<number, number>;
  /** The same for the parent's innate accuracy (heritability of what is inherited, not relearned). */
  parentInnate: Map<number, number>;
  /** Each living child's transmission [r2, corr]: its weights before mutation against its recorded parent's genome. */
  transmission: Map<number, [number, number]>;
  /** The last measured generation's [id, learned accuracy]: the parents side of the Price equation. */
  pricePrevious: [number, number][];
  /** The stateful streams: init, coords, selection, regeneration, mutation. */
  streams: RandomStreams;
  /** Lifetime learning's training images, a continuing shuffled pass over the training split. */
  images: ImageCursor;
  lineage: Lineage;
  /**
   * The distinct founders still have to be solved into quines (founders.solve newton):
   * done by the first step, before generation 0 is measured. Until then the copies hold
   * unmutated copies of the unsolved founders.
   */
  foundersPending: boolean;
}

/** What the events log records, in the order things happen. */
export type EvolutionEvent =
  | { type: 'birth'; id: number; parent: number | null; generation: number; sigma: number }
  | { type: 'selection'; generation: number; method: string; elites: number[]; parents: number[] }
  | { type: 'death'; id: number; generation: number };

/** Adds an individual to the lineage; its birth event. */
export function birth(state: EvolutionState, parent: number | null, generation: number, sigma: number): { id: number; event: EvolutionEvent } {
  const id = state.nextId++;
  state.lineage.birth({ id, parent, generation, sigma });
  return { id, event: { type: 'birth', id, parent, generation, sigma } };
}

/**
 * Generation 0: the distinct founders — loaded (`loaded`), or drawn from the init stream
 * one after another (`founders.distinct` of them, all K when 0) — then, while the
 * population is not full, copies of them in turn (lane i copies founder i mod d), each
 * a founder of its own in the lineage with the mutation σ recorded, and mutated like a
 * child (σ from the mutation stream, in lane order) once its founder is final: at once,
 * or after the founders are solved (founders.solve newton, `foundersPending`).
 */
export function initialState(config: EvolutionConfig, spec: ModelSpec, trainCount: number, loaded?: Float32Array[]): { state: EvolutionState; events: EvolutionEvent[] } {
  const streams = new RandomStreams(config.seed);
  const k = config.population;
  const distinct = loaded ? Math.min(loaded.length, k) : config.founders.distinct || k;
  let founders: Float32Array[];
  if (loaded) founders = loaded.slice(0, distinct).map((t) => Float32Array.from(t));
  else {
    const init = streams.stateful('init');
    founders = Array.from({ length: distinct }, () => initTheta(paramLayout(spec.kind), spec.init, init));
  }
  const state: EvolutionState = {
    generation: 0,
    nextId: 0,
    ids: [],
    thetas: Array.from({ length: k }, (_, i) => (i < distinct ? founders[i] : Float32Array.from(founders[i % distinct]))),
    parentAccuracy: new Map(),
    parentInnate: new Map(),
    transmission: new Map(),
    pricePrevious: [],
    streams,
    images: streams.images(trainCount),
    lineage: new Lineage(),
    foundersPending: config.founders.solve !== 'none',
  };
  const events: EvolutionEvent[] = [];
  for (let i = 0; i < k; i++) {
    // A copy is a founder of its own in the lineage (a child must be born after its parent);
    // its σ marks it a mutated copy, and founder i mod d is where it was copied from.
    const b = birth(state, null, 0, i < distinct ? 0 : config.mutation.sigma);
    state.ids.push(b.id);
    events.push(b.event);
  }
  if (!state.foundersPending) mutateCopies(state, config, distinct);
  return { state, events };
}

/** The founders' copies (lanes distinct … K − 1) made anew from their final founders and mutated, in lane order. */
export function mutateCopies(state: EvolutionState, config: EvolutionConfig, distinct: number): void {
  const rng = state.streams.stateful('mutation');
  for (let i = distinct; i < state.thetas.length; i++) {
    state.thetas[i] = mutate(Float32Array.from(state.thetas[i % distinct]), config.mutation.sigma, config.mutation.rate, rng);
  }
}

/** How many of generation 0's individuals are distinct founders (σ 0; the copies carry the mutation's σ). */
export function distinctFounders(state: Pick<EvolutionState, 'lineage' | 'ids'>): number {
  return state.ids.filter((id) => { const i = state.lineage.get(id); return i.generation === 0 && i.sigma === 0; }).length;
}

/** What the runner adds to a state in its checkpoint: log positions, time, checks, the best so far. */
export type RunnerRecord = Pick<EvolutionStateFile, 'logs' | 'seconds' | 'configHash' | 'best'> & { dead: DeadSection };

/**
 * The state as its checkpoint file holds it (the weights go to population.npy beside it):
 * of the lineage only the living, whose rows still change; the dead are lineage.csv's
 * first `dead.bytes` bytes. Its size follows the population, not the run's length.
 */
export function stateFile(state: EvolutionState, r: RunnerRecord): EvolutionStateFile {
  return {
    format: EVOLUTION_CHECKPOINT_FORMAT,
    generation: state.generation,
    nextId: state.nextId,
    ids: state.ids,
    parentAccuracy: [...state.parentAccuracy],
    parentInnate: [...state.parentInnate],
    transmission: [...state.transmission],
    pricePrevious: state.pricePrevious,
    streams: state.streams.states(),
    images: state.images.state(),
    lineage: { version: 2, living: state.lineage.alive().map((id) => individualJSON(state.lineage.get(id))), dead: r.dead },
    logs: r.logs,
    seconds: r.seconds,
    configHash: r.configHash,
    best: r.best,
    foundersPending: state.foundersPending,
  };
}

/** The state a checkpoint file, its weights and its lineage (rebuilt by the runner) describe. */
export function stateFromFile(file: EvolutionStateFile, thetas: Float32Array[], seed: number, trainCount: number, lineage: Lineage): EvolutionState {
  const streams = new RandomStreams(seed, file.streams);
  const living = new Set(lineage.alive());
  if (file.ids.length !== living.size || !file.ids.every((id) => living.has(id))) {
    throw new CheckpointError(`checkpoint of generation ${file.generation}: its ids ${JSON.stringify(file.ids).slice(0, 80)} are not the living of its lineage`);
  }
  return {
    generation: file.generation,
    nextId: file.nextId,
    ids: file.ids,
    thetas,
    parentAccuracy: new Map(file.parentAccuracy),
    // Checkpoints written before issue 9 lack these: nothing measured yet.
    parentInnate: new Map(file.parentInnate ?? []),
    transmission: new Map(file.transmission ?? []),
    pricePrevious: file.pricePrevious ?? [],
    streams,
    images: streams.images(trainCount, file.images),
    lineage,
    foundersPending: file.foundersPending ?? false,
  };
}
