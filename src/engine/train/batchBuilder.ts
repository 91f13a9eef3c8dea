import * as tf from '@tensorflow/tfjs-core';
import type { ImageCursor } from '../data/imageCursor';
import type { LaneSet } from '../lanes/laneSet';
import { CLASSES, HIDDEN } from '../models/modelSpec';
import type { LaneBatch } from './batchLoss';

/**
 * Builds each step's mini-batch on the CPU (a row copy per sample) and uploads it
 * once: cheaper than gather ops, which cost tens of µs each on tfjs-wasm.
 */
export class BatchBuilder {
  private readonly e: Float32Array;
  private readonly t: Float32Array;
  private readonly y: Float32Array;

  constructor(private readonly lanes: LaneSet, private readonly batchSize: number) {
    const k = lanes.k;
    this.e = new Float32Array(k * batchSize * HIDDEN);
    this.t = new Float32Array(k * batchSize);
    this.y = new Float32Array(k * batchSize * CLASSES);
  }

  /**
   * coords(lane) gives the batch's coordinates; targets are the epoch's snapshot of θ
   * (coordinate order); cursors give each auxiliary sample its training image.
   */
  build(coords: (lane: number) => ArrayLike<number>, snapshot: Float32Array[], cursors?: (ImageCursor | undefined)[]): LaneBatch {
    const { lanes, batchSize: b } = this;
    const aux = lanes.layout.kind === 'auxiliary';
    if (aux) this.y.fill(0);
    for (let l = 0; l < lanes.k; l++) {
      const inputs = lanes.inputsOf(l);
      const cs = coords(l);
      for (let j = 0; j < b; j++) {
        const c = cs[j];
        const row = l * b + j;
        this.t[row] = snapshot[l][c];
        if (aux) {
          const img = cursors![l]!.next();
          inputs.embedInto(this.e, row * HIDDEN, c, inputs.trainImageEmbed, img);
          this.y[row * CLASSES + inputs.images!.train.labels[img]] = 1;
        } else {
          inputs.embedInto(this.e, row * HIDDEN, c);
        }
      }
    }
    const k = lanes.k;
    return {
      e: tf.tensor3d(this.e, [k, b, HIDDEN]),
      targets: tf.tensor3d(this.t, [k, b, 1]),
      labels: aux ? tf.tensor3d(this.y, [k, b, CLASSES]) : undefined,
    };
  }
}

export function disposeBatch(batch: LaneBatch): void {
  batch.e.dispose();
  batch.targets.dispose();
  batch.labels?.dispose();
}
