import type { ImageCursor } from '../data/imageCursor';
import type { LaneSet } from '../lanes/laneSet';
import type { Stream } from '../random/streams';
import type { LossWeights } from './batchLoss';
import { gradientLoop } from './gradientLoop';
import type { MiniBatchPlan } from './miniBatchLoop';
import type { Optimizer } from './optimizers/optimizer';

export interface LaneStreams {
  /** Shuffles the coordinates into mini-batches each epoch. */
  shuffle: Stream;
  /** Auxiliary only: the continuing stream of training images. */
  images?: ImageCursor;
  /** Hill-climbing only: seeds of the perturbations. */
  noise?: Stream;
}

export interface EpochOptions {
  batchSize: number;
  weights: LossWeights;
  /** Called every 100 mini-batches and after the last with the number done (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * An epoch's mini-batches: θ snapshotted as fixed targets, every lane's coordinates
 * shuffled by its own stream, its samples' images from its own cursor. Optimisation
 * epochs and mini-batch hill-climbing both run it.
 */
export function epochPlan(lanes: LaneSet, streams: LaneStreams[], batchSize: number, onProgress?: (done: number, total: number) => void): MiniBatchPlan {
  const n = lanes.layout.count;
  const snapshot = lanes.canonical();
  const orders = streams.map((s) => s.shuffle.shuffle(n));
  return {
    lanes: orders.map((order, l) => ({ lane: l, order, targets: snapshot[l], images: streams[l].images })),
    batches: Math.floor(n / batchSize),
    batchSize,
    onProgress,
  };
}

/**
 * The paper's optimisation epoch: snapshot θ as fixed targets, shuffle all
 * coordinates into mini-batches, one optimiser step per batch on its summed loss.
 * All lanes step together; each lane has its own shuffle, images and optimiser.
 */
export function optimisationEpoch(lanes: LaneSet, optimizers: Optimizer[], streams: LaneStreams[], o: EpochOptions): void {
  gradientLoop(lanes, epochPlan(lanes, streams, o.batchSize, o.onProgress), o.weights, optimizers);
}
