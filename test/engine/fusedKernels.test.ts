import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { loadMnist } from '../../src/engine/data/mnist';
import { activeKernel } from '../../src/engine/fused/activeKernel';
import { fusedBatchGradient } from '../../src/engine/fused/fusedTraining';
import type { Kernel } from '../../src/engine/fused/kernel';
import { forwardLane } from '../../src/engine/models/forward';
import { ACTIVATIONS, defaultSpec, type ModelKind, type ModelSpec } from '../../src/engine/models/modelSpec';
import type { AuxImages } from '../../src/engine/models/fixedInputs';
import { seedLanes } from '../../src/engine/runs/laneSetup';
import { QuineMap } from '../../src/engine/solve/quineMap';
import { BatchBuilder, disposeBatch } from '../../src/engine/train/batchBuilder';
import { lossGradient } from '../../src/engine/train/batchLoss';
import { gradientLoop } from '../../src/engine/train/gradientLoop';
import { epochPlan } from '../../src/engine/train/optimisationEpoch';
import { createLaneOptimizers, optimizerNames } from '../../src/engine/train/optimizers/registry';
import { regeneratedWeights } from '../../src/engine/train/regeneration';

// The fused kernels (kernels/quine.ts) held to the tfjs path they replace: forward,
// gradient, optimisers' updates inside whole loops, regeneration, tangent passes, and
// exact determinism of the fused path itself (the same bits twice, and whatever the
// number of threads). tfjs is the reference; the float64 references of forward,
// tangent and optimiser tests hold both paths (forward/tangent/optimizers.test.ts).

let images: AuxImages;
let kernel: Kernel;

beforeAll(async () => {
  const m = loadMnist();
  images = { train: m.train, test: m.test };
  await selectBackend('fused');
  kernel = activeKernel()!;
});

afterAll(async () => {
  await selectBackend('wasm');
});

/** Runs `f` on tfjs-wasm, then on the fused backend. */
async function both<T>(f: () => T): Promise<[T, T]> {
  await selectBackend('wasm');
  const tfjs = f();
  await selectBackend('fused');
  return [tfjs, f()];
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** ‖a − b‖ / ‖a‖. */
function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, n = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += a[i] ** 2;
  }
  return Math.sqrt(d / n);
}

function lanesOf(kind: ModelKind, extra: Partial<ModelSpec> = {}, seed = 3) {
  return seedLanes({ ...defaultSpec(kind), ...extra }, seed, 1, kind === 'auxiliary' ? images : undefined);
}

function disposeLanes(s: ReturnType<typeof lanesOf>): void {
  s.lanes.dispose();
  for (const i of s.lanes.inputs) i.dispose();
}

// Every activation on the vanilla quine; the auxiliary quine (whose MNIST projection
// makes each case slow to set up) with selu and relu.
const cases = [...ACTIVATIONS.map((a) => ['vanilla', a] as const), ['auxiliary', 'selu'] as const, ['auxiliary', 'relu'] as const];

describe('fused full forward', () => {
  for (const [kind, activation] of cases) {
    {
      it(`${kind}, ${activation}: head outputs match tfjs over every coordinate`, async () => {
        const s = lanesOf(kind, { activation, init: 'he' });
        const e = s.lanes.inputsOf(0).fullEmbedding();
        const [a, b] = await both(() => {
          const o = forwardLane(s.lanes.theta(0), s.lanes.layout, e, s.lanes.architecture(0));
          const d = o.dataSync().slice();
          o.dispose();
          return d;
        });
        expect(b.length).toBe(s.lanes.layout.count * s.lanes.layout.headWidth);
        expect(maxAbs(a)).toBeGreaterThan(1e-2);
        expect(maxDiff(a, b)).toBeLessThan(2e-6 * maxAbs(a));
        disposeLanes(s);
      });
    }
  }

  it('is bit-identical with one thread and with two (rows are independent)', async () => {
    const s = lanesOf('auxiliary');
    const e = s.lanes.inputsOf(0).fullEmbedding();
    const run = () => forwardLane(s.lanes.theta(0), s.lanes.layout, e).dataSync().slice();
    await kernel.setThreads(2);
    expect(kernel.threads).toBe(2);
    const two = run();
    await kernel.setThreads(1);
    const one = run();
    await kernel.setThreads(2);
    expect(one).toEqual(two);
    // A row count that splits unevenly, and fewer rows than a block.
    for (const rows of [33, 5]) {
      const part = tf.slice(e, [0, 0], [rows, 100]) as tf.Tensor2D;
      const whole = forwardLane(s.lanes.theta(0), s.lanes.layout, part).dataSync();
      expect(Array.from(whole)).toEqual(Array.from(two.subarray(0, rows * 11)));
      part.dispose();
    }
    disposeLanes(s);
  });

  it('regeneration (training images as x_c) matches tfjs', async () => {
    const s = lanesOf('auxiliary');
    const n = s.lanes.layout.count;
    const rows = Int32Array.from({ length: n }, (_, c) => (c * 7919) % images.train.count);
    const [a, b] = await both(() => regeneratedWeights(s.lanes, 0, { table: s.lanes.inputsOf(0).trainImageEmbed!, rows }));
    expect(maxDiff(a, b)).toBeLessThan(2e-6 * maxAbs(a));
    disposeLanes(s);
  });
});

describe('fused mini-batch gradient', () => {
  for (const [kind, activation] of cases) {
    {
      it(`${kind}, ${activation}: the gradient of a batch matches the hand-written tfjs backward pass`, async () => {
        await selectBackend('wasm');
        const s = lanesOf(kind, { activation, init: 'he' });
        const b = 10;
        const builder = new BatchBuilder(s.lanes, b);
        const coords = Int32Array.from({ length: b }, (_, i) => (i * 1997) % s.lanes.layout.count);
        let k = 0;
        const batch = builder.build(0, coords, s.lanes.canonical()[0], { next: () => 17 + 31 * k++ });
        const weights = { replication: 1, task: kind === 'auxiliary' ? 0.01 : 0 };
        const g = lossGradient(s.lanes.theta(0), s.lanes.layout, batch, weights);
        const ref = g.dataSync().slice();
        g.dispose();
        const y = batch.labels?.dataSync();
        const labels = y ? Int32Array.from({ length: b }, (_, j) => y.subarray(j * 10, j * 10 + 10).indexOf(1)) : null;
        const got = fusedBatchGradient(kernel, s.lanes.theta(0).dataSync() as Float32Array, s.lanes, 0, batch.e.dataSync() as Float32Array, batch.targets.dataSync() as Float32Array, labels, weights);
        disposeBatch(batch);
        // Every block (W1, W2, the head) has a gradient, and each matches.
        for (const [start, end] of [[0, 10000], [10000, 20000], [20000, ref.length]]) {
          const r = ref.subarray(start, end);
          expect(maxAbs(r)).toBeGreaterThan(0);
          expect(maxDiff(r, got.subarray(start, end))).toBeLessThan(1e-5 * maxAbs(r));
        }
        disposeLanes(s);
      });
    }
  }
});

/** θ and the optimiser's state after `batches` steps of an epoch's plan, seed 3. */
function trainLane(kind: ModelKind, optimizer: string, batches: number, batchSize = 10) {
  const s = lanesOf(kind);
  const [o] = createLaneOptimizers(optimizer, 1, s.lanes.layout.count);
  const plan = epochPlan(s.lanes, s.streams, batchSize);
  plan.batches = Math.min(batches, plan.batches);
  gradientLoop(s.lanes, plan, { replication: 1, task: kind === 'auxiliary' ? 0.01 : 0 }, [o]);
  const out = { theta: s.lanes.canonical()[0], state: o.exportState() };
  o.dispose();
  disposeLanes(s);
  return out;
}

describe('fused training loops', () => {
  // Training is chaotic: tfjs-wasm and tfjs-cpu themselves part by ~2% of ‖θ‖ after 1,000
  // auxiliary Adamax steps (measured), and fused against tfjs by 2·10⁻⁴ after 200 Adagrad
  // steps, so loops are compared over 50 steps, where rounding has not grown yet, and the
  // full vanilla Adamax epoch more loosely. RMSprop's first step is ±lr/√(1 − α) = ±0.1
  // for every weight whatever the size of its gradient, so a rounding difference in a
  // near-zero gradient can flip a step's sign: 3.5·10⁻⁵ after 50 steps (measured).
  for (const name of optimizerNames()) {
    it(`${name}: 50 vanilla steps match tfjs (θ and the optimiser's state)`, async () => {
      const [a, b] = await both(() => trainLane('vanilla', name, 50));
      expect(relDiff(a.theta, b.theta)).toBeLessThan(name === 'rmsprop' ? 1e-4 : 1e-5);
      expect(b.state.step).toBe(50);
      for (const slot of Object.keys(a.state.slots)) expect(relDiff(a.state.slots[slot], b.state.slots[slot])).toBeLessThan(1e-4);
    });
  }

  it('auxiliary Adamax, 50 steps of 10 (L_aux with λ = 0.01) match tfjs', async () => {
    const [a, b] = await both(() => trainLane('auxiliary', 'adamax', 50));
    expect(relDiff(a.theta, b.theta)).toBeLessThan(1e-5);
  });

  it('a whole vanilla Adamax epoch (2,010 steps) matches tfjs', async () => {
    const [a, b] = await both(() => trainLane('vanilla', 'adamax', Infinity));
    expect(relDiff(a.theta, b.theta)).toBeLessThan(2e-3);
    expect(b.state.step).toBe(2010);
  });

  it('is exactly deterministic: the same seed gives the same bits', async () => {
    await selectBackend('fused');
    for (const kind of ['vanilla', 'auxiliary'] as const) {
      const a = trainLane(kind, 'adam', 100, 7);
      const b = trainLane(kind, 'adam', 100, 7);
      expect(a.theta).toEqual(b.theta);
      expect(a.state).toEqual(b.state);
    }
  });
});

describe('fused tangent pass', () => {
  for (const activation of ['selu', 'relu'] as const) {
    it(`${activation}: R(θ) and J·v match tfjs, and are bit-identical with one thread and two`, async () => {
      const s = lanesOf('vanilla', { activation, init: 'he' });
      const n = s.lanes.layout.count;
      const map = new QuineMap(s.lanes.inputsOf(0), s.lanes.architecture(0));
      const theta = Float64Array.from(s.lanes.canonical()[0]);
      const v = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.37));
      const jvpOf = () => {
        const lin = map.linearise(theta);
        const out = { f: lin.f, jv: lin.jvp(v), r: map.regenerate(theta) };
        lin.dispose();
        return out;
      };
      const [a, b] = await both(jvpOf);
      expect(maxDiff(a.f, b.f)).toBeLessThan(2e-6 * maxAbs(a.f));
      expect(maxDiff(a.r, b.f)).toBeLessThan(2e-6 * maxAbs(a.f));
      expect(maxDiff(a.jv, b.jv)).toBeLessThan(2e-5 * maxAbs(a.jv));
      await kernel.setThreads(1);
      const one = jvpOf();
      await kernel.setThreads(2);
      expect(one.jv).toEqual(b.jv);
      expect(one.f).toEqual(b.f);
      // The forward pass and the linearisation compute f the same way.
      expect(b.r).toEqual(b.f);
      disposeLanes(s);
    });
  }
});
