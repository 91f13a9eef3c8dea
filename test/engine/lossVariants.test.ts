import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { loadMnist } from '../../src/engine/data/mnist';
import type { AuxImages } from '../../src/engine/models/fixedInputs';
import { forwardLane } from '../../src/engine/models/forward';
import { internalToCanonical } from '../../src/engine/models/layout';
import { ACTIVATIONS, defaultSpec, type ModelSpec } from '../../src/engine/models/modelSpec';
import { seededStream } from '../../src/engine/random/streams';
import { REPLICATION_LOSSES, TARGET_MODES } from '../../src/engine/metrics/losses';
import { lossGradient } from '../../src/engine/train/batchLoss';
import { checkGradient, disposeCase, firstImages, makeCase } from './gradientCheck';
import { referenceEmbedding, referenceForward, referenceImageEmbedding } from './referenceQuine';
import { seededLanes } from './seededLanes';

// The methods of SPEC's "Beyond the paper" (activations, weight normalisation, the
// scale-free losses, live targets) against the float64 reference written from the
// formulas, and their gradients against finite differences. cpu backend, like the
// paper's gradient test.

beforeAll(async () => {
  await selectBackend('cpu');
});

const vanilla = (extra: Partial<ModelSpec>): ModelSpec => ({ ...defaultSpec('vanilla'), init: 'he', ...extra });

/** Engine f over all coordinates, canonical order (and the auxiliary logits of the head). */
function engineOutputs(spec: ModelSpec, seed: number, images?: AuxImages, theta?: Float32Array): { f: Float32Array; out: number[][]; run: ReturnType<typeof seededLanes> } {
  const run = seededLanes(spec, [seed], images);
  if (theta) run.lanes.setCanonical([theta]);
  const o = forwardLane(run.lanes.theta(0), run.lanes.layout, run.inputs[0].fullEmbedding(), run.lanes.architecture(0));
  const out = o.arraySync();
  o.dispose();
  return { f: Float32Array.from(out, (r) => r[0]), out, run };
}

describe('architectures: the forward pass matches the float64 reference', () => {
  const cases: Partial<ModelSpec>[] = [
    ...ACTIVATIONS.map((activation) => ({ activation })),
    { weightNorm: 'per-layer' },
    { activation: 'relu', weightNorm: 'per-layer' },
  ];
  for (const extra of cases) {
    it(`vanilla ${extra.activation ?? 'selu'}${extra.weightNorm ? ' + per-layer weight norm' : ''}`, () => {
      const spec = vanilla(extra);
      const { f, run } = engineOutputs(spec, 3);
      const n = run.lanes.layout.count;
      const arch = { activation: spec.activation ?? 'selu', weightNorm: spec.weightNorm ?? 'none' } as const;
      const rng = seededStream(`quinarium/arch-forward/${JSON.stringify(extra)}`);
      let scale = 0;
      for (let k = 0; k < 60; k++) {
        const c = rng.int(n);
        const ref = referenceForward(run.thetas[0], false, referenceEmbedding(spec, run.inputs[0].projections, n, c), arch).f;
        scale = Math.max(scale, Math.abs(ref));
        expect(Math.abs(f[c] - ref), `coordinate ${c}`).toBeLessThan(1e-5 * (1 + Math.abs(ref) * 100));
      }
      // Not a network that outputs nothing: the check has something to compare.
      expect(scale).toBeGreaterThan(1e-3);
      run.lanes.dispose();
      run.inputs.forEach((i) => i.dispose());
    });
  }

  it('auxiliary with per-layer weight norm: predicted weights and logits (Wout and Wcls normalised separately)', () => {
    const mnist = loadMnist();
    const images = { train: firstImages(mnist.train, 500), test: firstImages(mnist.test, 300) };
    const spec: ModelSpec = { ...defaultSpec('auxiliary'), weightNorm: 'per-layer' };
    const { out, run } = engineOutputs(spec, 4, images);
    const n = run.lanes.layout.count;
    const inputs = run.inputs[0];
    const arch = { activation: 'selu', weightNorm: 'per-layer' } as const;
    for (const c of [0, 17, 10_050, 20_000, 20_099, 20_100, 21_099]) {
      const img = inputs.lsrImages![c];
      const e = referenceEmbedding(spec, inputs.projections, n, c, referenceImageEmbedding(inputs.projections.pixel!, images.test.images, img));
      const ref = referenceForward(run.thetas[0], true, e, arch);
      expect(Math.abs(out[c][0] - ref.f)).toBeLessThan(1e-5 * (1 + Math.abs(ref.f) * 100));
      // Engine head columns 1.. are Wcls·h2 before the temperature; the reference's logits are after it.
      for (let r = 0; r < 10; r++) expect(Math.abs(out[c][1 + r] - ref.logits[r] * 0.01)).toBeLessThan(1e-4 * (1 + Math.abs(ref.logits[r] * 0.01)));
    }
    run.lanes.dispose();
    inputs.dispose();
  });
});

describe('homogeneity', () => {
  it('a weight-normalised quine computes the same function at every scale: f_{sθ} = f_θ', () => {
    const spec = vanilla({ weightNorm: 'per-layer' });
    const base = engineOutputs(spec, 5);
    for (const s of [0.25, 4]) {
      const scaled = Float32Array.from(base.run.thetas[0], (x) => s * x);
      const other = engineOutputs(spec, 5, undefined, scaled);
      let maxDiff = 0, maxF = 0;
      for (let c = 0; c < base.f.length; c++) {
        maxDiff = Math.max(maxDiff, Math.abs(other.f[c] - base.f[c]));
        maxF = Math.max(maxF, Math.abs(base.f[c]));
      }
      expect(maxDiff).toBeLessThan(1e-5 * maxF);
      other.run.lanes.dispose();
      other.run.inputs.forEach((i) => i.dispose());
    }
    base.run.lanes.dispose();
    base.run.inputs.forEach((i) => i.dispose());
  });

  it('relu is exactly homogeneous of degree 3 without weight norm (f_{sθ} = s³·f_θ), selu is not', () => {
    for (const activation of ['relu', 'selu'] as const) {
      const spec = vanilla({ activation });
      const base = engineOutputs(spec, 6);
      const s = 2;
      const other = engineOutputs(spec, 6, undefined, Float32Array.from(base.run.thetas[0], (x) => s * x));
      let maxDiff = 0, maxF = 0;
      for (let c = 0; c < base.f.length; c++) {
        maxDiff = Math.max(maxDiff, Math.abs(other.f[c] - s ** 3 * base.f[c]));
        maxF = Math.max(maxF, Math.abs(s ** 3 * base.f[c]));
      }
      if (activation === 'relu') expect(maxDiff).toBeLessThan(1e-5 * maxF);
      else expect(maxDiff).toBeGreaterThan(1e-2 * maxF);
      for (const r of [base, other]) {
        r.run.lanes.dispose();
        r.run.inputs.forEach((i) => i.dispose());
      }
    }
  });
});

describe('lossGradient of the scale-free losses and live targets matches finite differences', () => {
  // relative and cosine losses are O(1) per batch, their gradients small: scaled so the
  // probes' gradients stand well above the finite differences' noise.
  const weightOf = { sse: 1, relative: 100, cosine: 10 } as const;
  for (const loss of REPLICATION_LOSSES) {
    for (const targets of TARGET_MODES) {
      it(`${loss} loss, ${targets} targets (vanilla, he)`, () => {
        const rng = seededStream(`quinarium/loss-variants/${loss}/${targets}`);
        const cs = makeCase(vanilla({}), undefined, rng);
        checkGradient(cs, { replication: weightOf[loss], task: 0, loss, targets }, rng);
        disposeCase(cs);
      });
    }
  }

  for (const extra of [{ activation: 'relu' }, { activation: 'leaky-relu' }, { activation: 'linear' }, { weightNorm: 'per-layer' }] as Partial<ModelSpec>[]) {
    it(`relative loss with live targets on ${JSON.stringify(extra)}`, () => {
      const rng = seededStream(`quinarium/loss-variants/arch/${JSON.stringify(extra)}`);
      const cs = makeCase(vanilla(extra), undefined, rng);
      checkGradient(cs, { replication: 100, task: 0, loss: 'relative', targets: 'live' }, rng);
      disposeCase(cs);
    });
  }

  it('auxiliary, per-layer weight norm, cosine loss with live targets plus λ·CE', () => {
    const mnist = loadMnist();
    const images = { train: firstImages(mnist.train, 2000), test: firstImages(mnist.test, 500) };
    const rng = seededStream('quinarium/loss-variants/aux-wn');
    const cs = makeCase({ ...defaultSpec('auxiliary'), weightNorm: 'per-layer' }, images, rng);
    checkGradient(cs, { replication: 10, task: 0.01, loss: 'cosine', targets: 'live' }, rng);
    disposeCase(cs);
  });

  it('live targets differ from snapshot targets exactly at the batch coordinates (sse: by +2(f − θ_c))', () => {
    const rng = seededStream('quinarium/loss-variants/live-vs-snapshot');
    const cs = makeCase(vanilla({}), undefined, rng, [7]);
    const layout = cs.run.lanes.layout;
    const grads = (['snapshot', 'live'] as const).map((targets) => tf.tidy(() => internalToCanonical(
      layout, lossGradient(cs.run.lanes.theta(0), layout, cs.batches[0], { replication: 1, task: 0, loss: 'sse', targets }).dataSync() as Float32Array,
    )));
    const coords = new Set(cs.samples[0].map((s) => s.coord!));
    for (let c = 0; c < layout.count; c++) {
      const d = grads[1][c] - grads[0][c];
      if (!coords.has(c)) expect(d).toBe(0);
    }
    // At a batch coordinate c (once in the batch) the live gradient adds −2(f_c − θ_c).
    for (const s of cs.samples[0]) {
      const hits = cs.samples[0].filter((x) => x.coord === s.coord).length;
      if (hits !== 1) continue;
      const f = referenceForward(cs.run.thetas[0], false, s.e).f;
      expect(grads[1][s.coord!] - grads[0][s.coord!]).toBeCloseTo(-2 * (f - s.target), 4);
    }
    disposeCase(cs);
  });
});
