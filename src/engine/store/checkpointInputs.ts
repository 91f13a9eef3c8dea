import { loadMnist, splitValidation } from '../data/mnist';
import { FixedInputs } from '../models/fixedInputs';
import { RandomStreams } from '../random/streams';
import type { LaneCheckpoint } from './laneCheckpoint';

/**
 * What an evolution writes into a quine checkpoint's model.json `options.evolution`: the
 * validation split its selection held out of the training set, and its pairing (under
 * `fixed`, L_SR pairs coordinate c with training image pairing[c], the map the evolution
 * reproduces by).
 */
export interface EvolutionInputsOptions { validation: number; pairing: 'drawn' | 'fixed' }

/** The evolution options of a checkpoint's model.json (undefined for a paper run's checkpoint). */
export function evolutionInputsOf(ckpt: Pick<LaneCheckpoint, 'model'>): EvolutionInputsOptions | undefined {
  const e = ckpt.model.options?.evolution as EvolutionInputsOptions | undefined;
  return e && typeof e.validation === 'number' ? e : undefined;
}

/**
 * The fixed inputs a checkpoint's quine is measured with, rebuilt from its files and
 * seed: its projections, and for the auxiliary quine the images its run paired with the
 * coordinates — the test set for a paper run; for an evolution's founder, the evolution's
 * own split and pairing (so `inspect` and `probe` measure the map it was solved on).
 */
export function checkpointInputs(ckpt: LaneCheckpoint, dataDir?: string): FixedInputs {
  const spec = ckpt.model.spec;
  const streams = new RandomStreams(ckpt.model.seed);
  if (spec.kind !== 'auxiliary') return new FixedInputs(spec, ckpt.projections, undefined, streams);
  const mnist = loadMnist({ dataDir });
  const evolution = evolutionInputsOf(ckpt);
  if (!evolution) return new FixedInputs(spec, ckpt.projections, { train: mnist.train, test: mnist.test }, streams);
  const split = splitValidation(mnist.train, evolution.validation);
  return new FixedInputs(spec, ckpt.projections, { train: split.train, test: split.validation }, streams, evolution.pairing === 'fixed' ? 'training' : 'held-out');
}
