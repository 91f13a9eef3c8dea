import type { ImageCursor } from '../data/imageCursor';
import type { LaneSet } from '../lanes/laneSet';
import type { Stream } from '../random/streams';
import { BatchBuilder, disposeBatch } from './batchBuilder';
import { lossGradient, type LossWeights } from './batchLoss';
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
  /** Called every 100 steps with the number of steps done (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The paper's optimisation epoch: snapshot θ as fixed targets, shuffle all
 * coordinates into mini-batches, one optimiser step per batch on its summed loss.
 * All lanes step together; each lane has its own shuffle, images and optimiser.
 */
export function optimisationEpoch(lanes: LaneSet, optimizers: Optimizer[], streams: LaneStreams[], o: EpochOptions): void {
  const n = lanes.layout.count;
  const snapshot = lanes.canonical();
  const orders = streams.map((s) => s.shuffle.shuffle(n));
  const builder = new BatchBuilder(lanes, o.batchSize);
  const steps = Math.floor(n / o.batchSize);
  for (let s = 0; s < steps; s++) {
    const at = s * o.batchSize;
    for (let l = 0; l < lanes.k; l++) {
      const batch = builder.build(l, orders[l].subarray(at, at + o.batchSize), snapshot[l], streams[l].images);
      const grad = lossGradient(lanes.theta(l), lanes.layout, batch, o.weights);
      optimizers[l].step(lanes.theta(l), grad);
      grad.dispose();
      disposeBatch(batch);
    }
    if (o.onProgress && (s % 100 === 99 || s === steps - 1)) o.onProgress(s + 1, steps);
  }
}
