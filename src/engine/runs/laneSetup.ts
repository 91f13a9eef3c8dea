import { loadMnist } from '../data/mnist';
import { LaneSet } from '../lanes/laneSet';
import { FixedInputs, type AuxImages } from '../models/fixedInputs';
import { initTheta } from '../models/init';
import type { ModelSpec } from '../models/modelSpec';
import { RandomStreams, type StreamStates } from '../random/streams';
import type { ImageCursorState } from '../data/imageCursor';
import type { LaneStreams } from '../train/optimisationEpoch';

export interface SeedLanes {
  lanes: LaneSet;
  streams: LaneStreams[];
  seeds: number[];
  randoms: RandomStreams[];
}

/**
 * K independent seeds as K lanes: lane k has its own seed (seed + k), hence its
 * own projection, init, shuffles and images — the same numbers as a 1-lane run
 * with that seed.
 */
export function seedLanes(spec: ModelSpec, seed: number, count: number, images?: AuxImages, restored?: { streams: StreamStates; images?: ImageCursorState }[]): SeedLanes {
  const seeds = Array.from({ length: count }, (_, k) => seed + k);
  // A restored lane's streams continue from their checkpointed states (init is re-drawn, then θ replaced).
  const randoms = seeds.map((s, k) => new RandomStreams(s, restored?.[k].streams));
  const inputs = randoms.map((r) => FixedInputs.create(spec, r, images));
  const thetas = randoms.map((r, k) => initTheta(inputs[k].layout, spec.init, r.stateful('init')));
  const streams: LaneStreams[] = randoms.map((r, k) => ({
    shuffle: r.stateful('shuffle'),
    noise: r.stateful('noise'),
    images: images ? r.images(images.train.count, restored?.[k].images) : undefined,
  }));
  return { lanes: new LaneSet(inputs, thetas), streams, seeds, randoms };
}

/** MNIST for the auxiliary quine (train and test sets), from `dataDir` or the bundled package. */
export function auxImages(dataDir?: string): AuxImages {
  const data = loadMnist({ dataDir });
  return { train: data.train, test: data.test };
}
