import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { loadMnist, type MnistData } from '../../src/engine/data/mnist';
import { forwardLane } from '../../src/engine/models/forward';
import { defaultSpec, type ModelSpec } from '../../src/engine/models/modelSpec';
import { evaluateLanes } from '../../src/engine/metrics/evaluateLanes';
import { referenceCrossEntropy, referenceEmbedding, referenceForward, referenceImageEmbedding } from './referenceQuine';
import { seededLanes, type SeededLanes } from './seededLanes';

// The engine's forward pass (internal θ order, per-lane 2-D tf matMuls, float32) must
// agree with the float64 reference written from SPEC over canonical θ.

beforeAll(async () => {
  await selectBackend('wasm');
});

/** |engine − reference| ≤ rel·(|reference| + scale): relative, with a floor for values near 0. */
function expectClose(engine: number, reference: number, scale: number, rel = 1e-4, what = ''): void {
  const tol = rel * (Math.abs(reference) + scale);
  if (!(Math.abs(engine - reference) <= tol)) {
    throw new Error(`${what}: engine ${engine} vs reference ${reference} (|Δ| ${Math.abs(engine - reference)} > ${tol})`);
  }
}

function rms(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] ** 2;
  return Math.sqrt(s / values.length);
}

describe('vanilla quine forward pass', () => {
  const variants: [string, ModelSpec][] = [
    ['one-hot (paper)', defaultSpec('vanilla')],
    ['direct-coordinate encoding', { ...defaultSpec('vanilla'), encoding: 'direct' }],
    ['selu embedding activation', { ...defaultSpec('vanilla'), embedActivation: 'selu' }],
    ['he init', { ...defaultSpec('vanilla'), init: 'he' }],
  ];
  for (const [name, spec] of variants) {
    // evaluateLanes' predictions f(c) for every coordinate equal the reference
    // f(c) = Wout·selu(W2·selu(W1·e(c))), and its L_SR is Σ(f − θ)² of those.
    it(`${name}: evaluateLanes matches the float64 reference on every coordinate`, () => {
      const run = seededLanes(spec, [7, 8]);
      const [ev0, ev1] = evaluateLanes(run.lanes);
      const n = run.lanes.layout.count;
      for (const [lane, ev] of [[0, ev0], [1, ev1]] as const) {
        const theta = run.thetas[lane];
        expect(ev.theta).toEqual(theta);
        const scale = rms(ev.predictions);
        let lsr = 0;
        // Every coordinate for lane 0; a stride for lane 1 (it differs only in seed).
        const stride = lane === 0 ? 1 : 67;
        for (let c = 0; c < n; c += stride) {
          const ref = referenceForward(theta, false, referenceEmbedding(spec, run.inputs[lane].projections, n, c)).f;
          expectClose(ev.predictions[c], ref, scale, 1e-4, `${name} lane ${lane} f(${c})`);
          lsr += (ref - theta[c]) ** 2;
        }
        if (lane === 0) expectClose(ev.metrics.lsr, lsr, 0, 1e-5, `${name} L_SR`);
      }
      run.lanes.dispose();
      run.inputs.forEach((i) => i.dispose());
    });
  }

  // SPEC: P entries N(0, 1/100); direct encoding uses one fixed random 1→100 vector.
  it('draws the fixed projection with the SPEC scale', () => {
    const one = seededLanes(defaultSpec('vanilla'), [1]);
    const p = one.inputs[0].projections;
    expect(p.coord.length).toBe(20_100 * 100);
    expect(p.coordUnits).toBe(100);
    let s = 0, s2 = 0;
    for (const v of p.coord) { s += v; s2 += v * v; }
    const mean = s / p.coord.length, variance = s2 / p.coord.length - mean ** 2;
    expect(Math.abs(mean)).toBeLessThan(1e-3);
    expect(variance).toBeGreaterThan(0.0099);
    expect(variance).toBeLessThan(0.0101);
    const direct = seededLanes({ ...defaultSpec('vanilla'), encoding: 'direct' }, [1]);
    expect(direct.inputs[0].projections.coord.length).toBe(100);
    one.lanes.dispose();
    direct.lanes.dispose();
  });
});

describe('auxiliary quine forward pass', () => {
  let mnist: MnistData;
  let run: SeededLanes;
  const spec = defaultSpec('auxiliary');
  /** Reference x/255·Pxᵀ of every test image (lane 0's projection). */
  let testEmbeds: Float64Array[];

  beforeAll(() => {
    mnist = loadMnist();
    run = seededLanes(spec, [3], mnist);
    const pixel = run.inputs[0].projections.pixel!;
    testEmbeds = Array.from({ length: mnist.test.count }, (_, i) => referenceImageEmbedding(pixel, mnist.test.images, i));
  });

  afterAll(() => {
    run.lanes.dispose();
    run.inputs.forEach((i) => i.dispose());
  });

  // SPEC: Pc [N, 50] and Px [50, 784], entries N(0, 1/50), x = image/255; the engine's
  // precomputed image embeddings are Px·x.
  it('projects images as Px · (x/255)', () => {
    const inputs = run.inputs[0];
    expect(inputs.projections.coordUnits).toBe(50);
    expect(inputs.projections.coord.length).toBe(21_100 * 50);
    const pixel = inputs.projections.pixel!;
    let s2 = 0;
    for (const v of pixel) s2 += v * v;
    expect(s2 / pixel.length).toBeGreaterThan(0.019);
    expect(s2 / pixel.length).toBeLessThan(0.021);
    for (const i of [0, 1, 4321, 59_999]) {
      const ref = referenceImageEmbedding(pixel, mnist.train.images, i);
      for (let j = 0; j < 50; j++) expectClose(inputs.trainImageEmbed![i * 50 + j], ref[j], 1, 1e-5, `train image ${i} unit ${j}`);
    }
    for (const i of [0, 9_999]) {
      for (let j = 0; j < 50; j++) expectClose(inputs.testImageEmbed![i * 50 + j], testEmbeds[i][j], 1, 1e-5, `test image ${i} unit ${j}`);
    }
  });

  // forwardLane's head: column 0 = f(c, x), columns 1..10 = Wcls·h2 (before /T),
  // for (coordinate, image) pairs in every block of θ and with a blank image.
  it('forwardLane matches the reference f and logits on (coordinate, image) pairs', () => {
    const inputs = run.inputs[0];
    const theta = run.thetas[0];
    const n = run.lanes.layout.count;
    const pixel = inputs.projections.pixel!;
    const pairs: [number, number | null][] = [[0, 0], [1, 17], [9_999, 123], [10_000, 59_999], [20_050, 3], [20_100, 42], [21_099, 5000], [777, null]];
    const es = pairs.map(([c, img]) => referenceEmbedding(spec, inputs.projections, n, c, img === null ? null : referenceImageEmbedding(pixel, mnist.train.images, img)));
    const buf = new Float32Array(pairs.length * 100);
    es.forEach((e, r) => buf.set(e, r * 100));
    const out = tf.tidy(() => forwardLane(run.lanes.theta(0), run.lanes.layout, tf.tensor2d(buf, [pairs.length, 100])));
    expect(out.shape).toEqual([pairs.length, 11]);
    const o = out.arraySync();
    out.dispose();
    es.forEach((e, r) => {
      const ref = referenceForward(theta, true, e);
      expectClose(o[r][0], ref.f, 0.1, 1e-4, `f pair ${r}`);
      const logitScale = rms(ref.logits);
      for (let k = 0; k < 10; k++) expectClose(o[r][1 + k] / 0.01, ref.logits[k], logitScale, 1e-4, `logit ${k} pair ${r}`);
    });
  });

  // evaluateLanes pairs coordinate c with test image lsrImages[c] for L_SR; L_aux adds
  // λ·Σ CE over the same pairs; accuracy pairs test image i with coordinate testCoords[i].
  it('evaluateLanes matches the reference L_SR, L_aux and test accuracy', () => {
    const inputs = run.inputs[0];
    const theta = run.thetas[0];
    const n = run.lanes.layout.count;
    const [ev] = evaluateLanes(run.lanes, true);
    const scale = rms(ev.predictions);
    let lsr = 0, ce = 0;
    for (let c = 0; c < n; c++) {
      const img = inputs.lsrImages![c];
      const ref = referenceForward(theta, true, referenceEmbedding(spec, inputs.projections, n, c, testEmbeds[img]));
      if (c % 53 === 0) expectClose(ev.predictions[c], ref.f, scale, 1e-4, `f(${c})`);
      lsr += (ref.f - theta[c]) ** 2;
      ce += referenceCrossEntropy(ref.logits, mnist.test.labels[img]);
    }
    expectClose(ev.metrics.lsr, lsr, 0, 1e-5, 'L_SR');
    expectClose(ev.metrics.laux!, lsr + 0.01 * ce, 0, 1e-4, 'L_aux');

    const argmax = (z: number[]) => z.indexOf(Math.max(...z));
    let correct = 0, correctNoCoord = 0;
    for (let i = 0; i < mnist.test.count; i++) {
      const c = inputs.testCoords![i];
      const e = referenceEmbedding(spec, inputs.projections, n, c, testEmbeds[i]);
      if (argmax(referenceForward(theta, true, e).logits) === mnist.test.labels[i]) correct++;
      e.fill(0, 0, 50);
      if (argmax(referenceForward(theta, true, e).logits) === mnist.test.labels[i]) correctNoCoord++;
    }
    // float32 vs float64 can flip a near-tie or two out of 10,000.
    expect(Math.abs(ev.metrics.accuracy! - correct / 10_000)).toBeLessThanOrEqual(3e-4);
    expect(Math.abs(ev.metrics.accuracyNoCoord! - correctNoCoord / 10_000)).toBeLessThanOrEqual(3e-4);
  });
});
