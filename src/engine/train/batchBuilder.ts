import * as tf from '@tensorflow/tfjs-core';
import type { LaneSet } from '../lanes/laneSet';
import { CLASSES, HIDDEN } from '../models/modelSpec';
import type { LaneBatch } from './batchLoss';

/**
 * Builds each mini-batch on the CPU (a row copy per sample) and uploads it:
 * cheaper than gather ops, which cost tens of µs each on tfjs-wasm.
 */
export class BatchBuilder {
  private readonly e: Float32Array;
  private readonly eT: Float32Array;
  private readonly t: Float32Array;
  private readonly y: Float32Array;

  constructor(private readonly lanes: LaneSet, private readonly batchSize: number) {
    this.e = new Float32Array(batchSize * HIDDEN);
    this.eT = new Float32Array(batchSize * HIDDEN);
    this.t = new Float32Array(batchSize);
    this.y = new Float32Array(batchSize * CLASSES);
  }

  /**
   * Lane l's batch: coordinates `coords`, targets from a snapshot of θ taken before
   * the loop (coordinate order), and for auxiliary quines the next training image of `cursor`.
   */
  build(lane: number, coords: ArrayLike<number>, snapshot: Float32Array, cursor?: { next(): number }): LaneBatch {
    const b = this.batchSize;
    const inputs = this.lanes.inputsOf(lane);
    const aux = this.lanes.layout.kind === 'auxiliary';
    const internal = new Int32Array(b);
    if (aux) this.y.fill(0);
    for (let j = 0; j < b; j++) {
      const c = coords[j];
      this.t[j] = snapshot[c];
      internal[j] = this.lanes.layout.toInternal[c];
      if (aux) {
        const img = cursor!.next();
        inputs.embedInto(this.e, j * HIDDEN, c, inputs.trainImageEmbed, img);
        this.y[j * CLASSES + inputs.images!.train.labels[img]] = 1;
      } else {
        inputs.embedInto(this.e, j * HIDDEN, c);
      }
      for (let i = 0; i < HIDDEN; i++) this.eT[i * b + j] = this.e[j * HIDDEN + i];
    }
    // Copies: the cpu backend would otherwise alias these reused buffers.
    return {
      e: tf.tensor2d(this.e.slice(), [b, HIDDEN]),
      eT: tf.tensor2d(this.eT.slice(), [HIDDEN, b]),
      targets: tf.tensor2d(this.t.slice(), [b, 1]),
      labels: aux ? tf.tensor2d(this.y.slice(), [b, CLASSES]) : undefined,
      internal,
      arch: this.lanes.architecture(lane),
    };
  }
}

export function disposeBatch(batch: LaneBatch): void {
  batch.e.dispose();
  batch.eT.dispose();
  batch.targets.dispose();
  batch.labels?.dispose();
}
