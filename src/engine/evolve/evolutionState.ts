import type { ImageCursor } from '../data/imageCursor';
import { initTheta } from '../models/init';
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

/** Generation 0: `population` founders drawn from the init stream, one after another. */
export function initialState(config: EvolutionConfig, spec: ModelSpec, trainCount: number): { state: EvolutionState; events: EvolutionEvent[] } {
  const streams = new RandomStreams(config.seed);
  const init = streams.stateful('init');
  const state: EvolutionState = {
    generation: 0,
    nextId: 0,
    ids: [],
    thetas: Array.from({ length: config.population }, () => initTheta(paramLayout(spec.kind), spec.init, init)),
    parentAccuracy: new Map(),
    parentInnate: new Map(),
    transmission: new Map(),
    pricePrevious: [],
    streams,
    images: streams.images(trainCount),
    lineage: new Lineage(),
  };
  const events: EvolutionEvent[] = [];
  for (let i = 0; i < config.population; i++) {
    const b = birth(state, null, 0, 0);
    state.ids.push(b.id);
    events.push(b.event);
  }
  return { state, events };
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
  };
}
