import { basename, dirname, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { validateConfig } from '../config/validate';
import { LaneSet } from '../lanes/laneSet';
import { evaluateLanes, testAccuracy, type LaneMetrics } from '../metrics/evaluateLanes';
import { paramLayout } from '../models/layout';
import { CheckpointError } from '../store/errors';
import { RunDirectory } from '../store/runDirectory';
import { contextSpecOf, EvolutionContext } from './compute/evolutionContext';
import { checkpointLineage, FINAL_POPULATION, finalPopulationDir, readEvolutionCheckpoint, readEvolutionCheckpointDir, type EvolutionStateFile } from './evolutionCheckpoint';
import { evolutionConfigSchema, type EvolutionConfig } from './evolutionConfig';
import type { Lineage } from './lineage/lineage';
import { individualRow, type IndividualRow } from './records';

/** An evolution checkpoint as `inspect` reads it: the run it belongs to, its state, the living population's weights. */
export interface SavedPopulation {
  runDir: string;
  config: EvolutionConfig;
  /** The MNIST folder the run was made with (config.json), if not the bundled one. */
  dataDir?: string;
  /** The checkpoint folder read (checkpoints/gen-XXXXXX, or checkpoints/final). */
  checkpoint: string;
  /** True for a complete run's final population (checkpoints/final): the living of its last generation, as measured. */
  final: boolean;
  state: EvolutionStateFile;
  thetas: Float32Array[];
  lineage: Lineage;
  /** Each living individual as logged (lane order, the rows of population.npy). */
  living: IndividualRow[];
}

/**
 * Opens an evolution run directory (a complete run's final population, else its latest
 * checkpoint) or one of its checkpoint folders; null when `path` is neither (e.g. a
 * paper run's lane checkpoint).
 */
export function openSavedPopulation(path: string): SavedPopulation | null {
  const n = paramLayout('auxiliary').count;
  let runDir: string;
  let read: () => { state: EvolutionStateFile; thetas: Float32Array[] };
  let checkpoint: string;
  const folder = basename(resolve(path));
  if (existsSync(join(path, 'state.json')) && (folder.startsWith('gen-') || folder === FINAL_POPULATION)) {
    runDir = dirname(dirname(resolve(path)));
    checkpoint = path;
    read = () => readEvolutionCheckpointDir(path, n);
  } else if (existsSync(join(finalPopulationDir(path), 'state.json'))) {
    runDir = path;
    checkpoint = finalPopulationDir(path);
    read = () => readEvolutionCheckpointDir(checkpoint, n);
  } else if (existsSync(join(path, 'generations.jsonl')) || (existsSync(join(path, 'manifest.json')) && RunDirectory.open(path).kind === 'evolution')) {
    runDir = path;
    checkpoint = join(path, 'checkpoints');
    read = () => readEvolutionCheckpoint(path, n);
  } else {
    return null;
  }
  const files = RunDirectory.openKind(runDir, 'evolution');
  const saved = files.config() as { config: unknown; dataDir?: string | null };
  const config = validateConfig(evolutionConfigSchema, saved.config, 'config.json');
  const { state, thetas } = read();
  if (checkpoint.endsWith('checkpoints')) checkpoint = join(checkpoint, `gen-${String(state.generation).padStart(6, '0')}`);
  const lineage = checkpointLineage(files.path('lineage'), state.lineage);
  return { runDir, config, dataDir: saved.dataDir ?? undefined, checkpoint, final: basename(checkpoint) === FINAL_POPULATION, state, thetas, lineage, living: state.ids.map((id) => individualRow(lineage.get(id))) };
}

/** What a saved individual's weights measure now, beside what the run logged for it. */
export interface SavedIndividualReport {
  id: number;
  /** The generation the checkpoint would run next. */
  checkpointGeneration: number;
  /** lamarckian: the weights after lifetime learning, as logged; germline: the genome, before it (the log has the soma's). */
  weights: 'learned' | 'genome';
  logged: IndividualRow;
  /** Recomputed from the saved weights: L_SR, r2, bits, corr, … and accuracy on the run's validation split. */
  metrics: LaneMetrics;
  /** Accuracy on the MNIST test set (reported only: selection never saw it). */
  testAccuracy: number;
}

/**
 * Recomputes an individual's metrics from the weights in a checkpoint, with the run's
 * own fixed inputs (projections, pairings, validation split; all re-derived from its
 * seed). Only the living population's weights are saved: another id gets one clear
 * CheckpointError naming what the checkpoint holds.
 */
export function measureSavedIndividual(saved: SavedPopulation, id: number, dataDir?: string): SavedIndividualReport {
  const lane = saved.state.ids.indexOf(id);
  if (lane < 0) {
    const ids = saved.state.ids;
    const held = ids.length > 8 ? `${ids.slice(0, 6).join(', ')}, … ${ids.at(-1)}` : ids.join(', ');
    const why = saved.lineage.has(id)
      ? `individual ${id} (born in generation ${saved.lineage.get(id).generation}) is not alive in it, and only the living population's weights are saved`
      : `this run has no individual ${id} (ids 0…${saved.state.nextId - 1})`;
    throw new CheckpointError(`${saved.checkpoint}: ${why}; it holds ${ids.length} individuals: ${held}`);
  }
  const c = saved.config;
  const context = new EvolutionContext(contextSpecOf(c, dataDir ?? saved.dataDir));
  try {
    const theta = saved.thetas[lane];
    // As a generation measures: validation accuracy, no coordinate-zeroed variant, no L_aux.
    const lanes = new LaneSet([context.fixed], [theta]);
    const [e] = evaluateLanes(lanes, true, false, false);
    lanes.dispose();
    const test = new LaneSet([context.testInputs()], [theta]);
    const accuracy = testAccuracy(test, 0, false);
    test.dispose();
    return {
      id,
      checkpointGeneration: saved.state.generation,
      weights: c.inheritance === 'germline' ? 'genome' : 'learned',
      logged: saved.living[lane],
      metrics: e.metrics,
      testAccuracy: accuracy,
    };
  } finally {
    context.dispose();
  }
}
