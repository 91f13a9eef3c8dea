import * as tf from '@tensorflow/tfjs-core';
import type { ImageSet } from '../data/mnist';
import type { RandomStreams } from '../random/streams';
import { paramLayout, type ParamLayout } from './layout';
import { makeProjections, type Projections } from './projection';
import { AUX_COORD_UNITS, AUX_IMAGE_UNITS, CLASSES, HIDDEN, IMAGE_PIXELS, type ModelSpec } from './modelSpec';
import { seluScalar } from './selu';

export interface AuxImages { train: ImageSet; test: ImageSet }

/**
 * Which images the coordinates are paired with when L_SR (and everything built on the
 * full forward pass: the metrics, the quine map of the solver and the probe) is measured:
 * `held-out` — the test images, the paper's measurement (`lsrImages` from the fixed
 * 'pairings' stream); `training` — one fixed seeded pairing of every coordinate with a
 * training image (the fixed 'reproduction' stream), the map an evolution with fixed
 * pairing reproduces by. Only under `training` may f_θ(c, x_c) be written into θ
 * (regeneration, the solver) without the held-out images leaking into the weights.
 */
export const REPLICATION_PAIRINGS = ['held-out', 'training'] as const;
export type ReplicationPairing = (typeof REPLICATION_PAIRINGS)[number];

/**
 * Everything about a quine's inputs that is fixed for a run: the projections, the
 * projected images, and the seeded pairings of coordinates with images used to
 * measure L_SR and test accuracy. Shared by every lane built on the same seed.
 */
export class FixedInputs {
  readonly layout: ParamLayout;
  readonly n: number;
  /** x/255 · Pxᵀ for every training / test image: [count, 50]. */
  readonly trainImageEmbed?: Float32Array;
  readonly testImageEmbed?: Float32Array;
  /** The image paired with coordinate c when L_SR is measured: a test image (held-out pairing) or a training image (training pairing). */
  readonly lsrImages?: Int32Array;
  /** The coordinate paired with test image i when accuracy is measured. */
  readonly testCoords?: Int32Array;
  private fullEmbed?: tf.Tensor2D;
  private lsrOneHot?: tf.Tensor2D;
  private testEmbed = new Map<boolean, tf.Tensor2D>();

  constructor(readonly spec: ModelSpec, readonly projections: Projections, readonly images?: AuxImages, streams?: RandomStreams, readonly pairing: ReplicationPairing = 'held-out') {
    this.layout = paramLayout(spec.kind);
    this.n = this.layout.count;
    if (spec.kind === 'auxiliary') {
      if (!images || !streams) throw new Error('FixedInputs: the auxiliary quine needs MNIST images and seeded streams');
      this.trainImageEmbed = projectImages(images.train, projections.pixel!);
      this.testImageEmbed = projectImages(images.test, projections.pixel!);
      ({ lsrImages: this.lsrImages, testCoords: this.testCoords } = seededPairings(streams, this.n, images.test.count));
      if (pairing === 'training') this.lsrImages = reproductionPairing(streams, this.n, images.train.count);
    }
  }

  static create(spec: ModelSpec, streams: RandomStreams, images?: AuxImages, pairing: ReplicationPairing = 'held-out'): FixedInputs {
    const n = paramLayout(spec.kind).count;
    return new FixedInputs(spec, makeProjections(spec, n, streams.fixed('projection')), images, streams, pairing);
  }

  /** The image-embedding table and label set `lsrImages` index. */
  private get lsrSet(): { embed: Float32Array | undefined; labels: Uint8Array } {
    return this.pairing === 'training'
      ? { embed: this.trainImageEmbed, labels: this.images!.train.labels }
      : { embed: this.testImageEmbed, labels: this.images!.test.labels };
  }

  get width(): number { return HIDDEN; }

  /**
   * Writes the embedding of coordinate c (paired with image-embedding row `img` of
   * `table`, auxiliary only; null = blank image) into out[at .. at+100).
   */
  embedInto(out: Float32Array, at: number, c: number, table?: Float32Array | null, img = 0): void {
    const { coord, coordUnits } = this.projections;
    if (this.spec.encoding === 'direct') {
      const x = c / this.n;
      for (let j = 0; j < coordUnits; j++) out[at + j] = x * coord[j];
    } else {
      out.set(coord.subarray(c * coordUnits, (c + 1) * coordUnits), at);
    }
    if (this.spec.kind === 'auxiliary') {
      const dst = at + AUX_COORD_UNITS;
      if (table) out.set(table.subarray(img * AUX_IMAGE_UNITS, (img + 1) * AUX_IMAGE_UNITS), dst);
      else out.fill(0, dst, dst + AUX_IMAGE_UNITS);
    }
    if (this.spec.embedActivation === 'selu') {
      for (let j = 0; j < HIDDEN; j++) out[at + j] = seluScalar(out[at + j]);
    }
  }

  /** Embeddings of all N coordinates in coordinate order (paired with the L_SR images of the pairing). */
  fullEmbedding(): tf.Tensor2D {
    if (!this.fullEmbed) {
      const buf = new Float32Array(this.n * HIDDEN);
      const table = this.spec.kind === 'auxiliary' ? this.lsrSet.embed : undefined;
      for (let c = 0; c < this.n; c++) this.embedInto(buf, c * HIDDEN, c, table, this.lsrImages?.[c] ?? 0);
      this.fullEmbed = tf.keep(tf.tensor2d(buf, [this.n, HIDDEN]));
    }
    return this.fullEmbed;
  }

  /**
   * The L_SR embedding with its image half scaled by t (auxiliary): t = 1 is
   * fullEmbedding's, t = 0 the blank image's. The solver's continuation walks a quine from
   * the one to the other. The caller disposes the tensor.
   */
  scaledImageEmbedding(t: number): tf.Tensor2D {
    return tf.tidy(() => {
      const scale = tf.concat([tf.ones([1, AUX_COORD_UNITS]), tf.fill([1, AUX_IMAGE_UNITS], t)], 1);
      return tf.mul(this.fullEmbedding(), scale) as tf.Tensor2D;
    });
  }

  /** One-hot labels of the images paired with the coordinates for L_SR (auxiliary), for L_aux. */
  lsrLabels(): tf.Tensor2D {
    const labels = this.lsrSet.labels;
    this.lsrOneHot ??= tf.keep(tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(this.lsrImages!, (i) => labels[i]), 'int32'), CLASSES) as tf.Tensor2D));
    return this.lsrOneHot;
  }

  /** Embeddings of every test image with its paired coordinate (or a zeroed coordinate half). */
  testEmbedding(zeroCoordinate = false): tf.Tensor2D {
    const hit = this.testEmbed.get(zeroCoordinate);
    if (hit) return hit;
    const count = this.images!.test.count;
    const buf = new Float32Array(count * HIDDEN);
    for (let i = 0; i < count; i++) {
      this.embedInto(buf, i * HIDDEN, this.testCoords![i], this.testImageEmbed, i);
      if (zeroCoordinate) buf.fill(0, i * HIDDEN, i * HIDDEN + AUX_COORD_UNITS);
    }
    const t = tf.keep(tf.tensor2d(buf, [count, HIDDEN]));
    this.testEmbed.set(zeroCoordinate, t);
    return t;
  }

  dispose(): void {
    this.fullEmbed?.dispose();
    this.lsrOneHot?.dispose();
    this.lsrOneHot = undefined;
    for (const t of this.testEmbed.values()) t.dispose();
    this.fullEmbed = undefined;
    this.testEmbed.clear();
  }
}

/** x/255 · Pxᵀ for a whole image set, in chunks so no 188 MB float tensor is made. */
export function projectImages(set: ImageSet, pixel: Float32Array): Float32Array {
  const out = new Float32Array(set.count * AUX_IMAGE_UNITS);
  const px = tf.tensor2d(pixel, [AUX_IMAGE_UNITS, IMAGE_PIXELS]);
  const chunk = 5000;
  for (let start = 0; start < set.count; start += chunk) {
    const m = Math.min(chunk, set.count - start);
    const part = tf.tidy(() => {
      const x = tf.div(tf.tensor2d(set.images.subarray(start * IMAGE_PIXELS, (start + m) * IMAGE_PIXELS), [m, IMAGE_PIXELS], 'int32'), 255);
      return tf.matMul(x, px, false, true);
    });
    out.set(part.dataSync() as Float32Array, start * AUX_IMAGE_UNITS);
    part.dispose();
  }
  px.dispose();
  return out;
}

/**
 * The seeded coordinate–image pairings of the auxiliary quine's measurements, from the
 * fixed 'pairings' stream: lsrImages[c] is the held-out image paired with coordinate c
 * when L_SR is measured, testCoords[i] the coordinate paired with image i when accuracy
 * is. Written beside an evolution's projections so a run can be re-measured without us.
 */
export function seededPairings(streams: RandomStreams, n: number, testCount: number): { lsrImages: Int32Array; testCoords: Int32Array } {
  const pairs = streams.fixed('pairings');
  const lsrImages = Int32Array.from({ length: n }, () => pairs.int(testCount));
  const testCoords = Int32Array.from({ length: testCount }, () => pairs.int(n));
  return { lsrImages, testCoords };
}

/**
 * The training pairing (REPLICATION_PAIRINGS): reproductionImages[c] is the training
 * image paired with coordinate c, from the fixed 'reproduction' stream (its own stream,
 * so no earlier pairing moved when it was added). An evolution with fixed pairing
 * regenerates every child on it and writes it beside its projections.
 */
export function reproductionPairing(streams: RandomStreams, n: number, trainCount: number): Int32Array {
  const pairs = streams.fixed('reproduction');
  return Int32Array.from({ length: n }, () => pairs.int(trainCount));
}
