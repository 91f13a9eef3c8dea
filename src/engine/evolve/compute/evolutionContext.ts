import { loadMnist, splitValidation } from '../../data/mnist';
import { FixedInputs, projectImages } from '../../models/fixedInputs';
import type { ModelSpec } from '../../models/modelSpec';
import { RandomStreams } from '../../random/streams';
import type { RegenerationInput } from '../../train/regeneration';
import type { EvolutionConfig } from '../evolutionConfig';

/** The evolved model: the auxiliary quine with the run's init. */
export function evolutionSpec(config: EvolutionConfig): ModelSpec {
  return { kind: 'auxiliary', init: config.init, encoding: 'one-hot', embedActivation: 'none' };
}

/**
 * The context a run's config asks for: what its compute threads, its distributed workers
 * and every later reader of its checkpoints (inspect, the app) rebuild its inputs from.
 */
export function contextSpecOf(config: EvolutionConfig, dataDir?: string): ContextSpec {
  return { seed: config.seed, spec: evolutionSpec(config), validation: config.evaluation.validation, regeneration: config.regeneration.input, pairing: config.regeneration.pairing, dataDir };
}

/** What every compute thread needs to rebuild the run's fixed inputs identically. */
export interface ContextSpec {
  seed: number;
  spec: ModelSpec;
  validation: number;
  regeneration: RegenerationInput;
  /** Fixed: the replication metrics and every regeneration use one seeded pairing of coordinates with training images. */
  pairing: EvolutionConfig['regeneration']['pairing'];
  dataDir?: string;
}

/**
 * The fixed inputs of an evolution run: projections, the validation split (selection
 * sees validation images only), the noise pool, and lazily the test set. Everything
 * comes from fresh seeded streams, so every thread and every resume builds the same.
 */
export class EvolutionContext {
  readonly fixed: FixedInputs;
  readonly noisePool: Float32Array | null;
  readonly trainCount: number;
  private test?: FixedInputs;

  constructor(readonly spec: ContextSpec) {
    const mnist = loadMnist({ dataDir: spec.dataDir });
    const split = splitValidation(mnist.train, spec.validation);
    this.trainCount = split.train.count;
    const streams = new RandomStreams(spec.seed);
    // Under fixed pairing L_SR is measured on the reproduction map itself (training images), so an
    // individual's r2 is the r2 of what its children are made from, not of another pairing.
    this.fixed = FixedInputs.create(spec.spec, streams, { train: split.train, test: split.validation }, spec.pairing === 'fixed' ? 'training' : 'held-out');
    this.noisePool = spec.regeneration === 'noise' ? noiseImages(streams, this.fixed) : null;
  }

  /** Fixed inputs over the real test set (reported only, never selected on). */
  testInputs(): FixedInputs {
    if (!this.test) {
      const mnist = loadMnist({ dataDir: this.spec.dataDir });
      const none = { ...mnist.test, count: 0, images: new Uint8Array(0), labels: new Uint8Array(0) };
      this.test = new FixedInputs(this.spec.spec, this.fixed.projections, { train: none, test: mnist.test }, new RandomStreams(`${this.spec.seed}/test`));
    }
    return this.test;
  }

  dispose(): void {
    this.fixed.dispose();
    this.test?.dispose();
  }
}

const NOISE_POOL = 256;

/** A fixed pool of uniform-noise images, projected like real ones. */
function noiseImages(streams: RandomStreams, inputs: FixedInputs): Float32Array {
  const rng = streams.fixed('noise-images');
  const pixels = new Uint8Array(NOISE_POOL * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(rng.next() * 256);
  return projectImages({ images: pixels, labels: new Uint8Array(NOISE_POOL), count: NOISE_POOL, rows: 28, cols: 28 }, inputs.projections.pixel!);
}
