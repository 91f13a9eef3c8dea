import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import type { Hyper, OptimizerName } from '../../src/engine/train/optimizers/optimizer';
import { createLaneOptimizers, createOptimizer, optimizerDefinition, optimizerNames } from '../../src/engine/train/optimizers/registry';
import { Kernel } from '../../src/engine/fused/kernel';

// Each optimiser must follow PyTorch's update rule and defaults (SPEC "Optimisers"),
// checked against the formulas written out here in float64.

beforeAll(async () => {
  await selectBackend('wasm');
});

// One lane's θ is flat [N]; these tests use N = 10.
const SHAPE = [10];
const THETA0 = [0.01, -0.02, 0.03, 0.015, -0.005, 0.002, -0.04, 0.025, 0, 0.05];
// Tiny gradients (1e-8, 2e-10, 1e-9) are of the size of ε, so they tell where ε
// goes (outside/inside a sqrt, before/after a bias correction); a zero checks 0/ε.
const GRADS = [
  [0.5, -1.2, 1e-8, 0, 3, -0.02, 2e-10, 7, -1e-9, 0.3],
  [-0.4, -1.0, 2e-8, 0.1, -3, 0.05, -3e-10, 6, 1e-9, 0.2],
];

type Reference = (theta: number[], grads: number[][], h: Hyper) => number[];

/** PyTorch's update rules, one element at a time, for the given gradients in order. */
const reference: Record<OptimizerName, Reference> = {
  sgd: (theta, grads, h) => theta.map((x, i) => grads.reduce((acc, g) => acc - h.lr * g[i], x)),
  momentum: (theta, grads, h) => theta.map((x, i) => {
    let buf = 0;
    grads.forEach((g, s) => {
      buf = s === 0 ? g[i] : h.momentum * buf + g[i];
      x -= h.lr * buf;
    });
    return x;
  }),
  adam: (theta, grads, h) => theta.map((x, i) => {
    let m = 0, v = 0;
    grads.forEach((g, s) => {
      const t = s + 1;
      m = h.beta1 * m + (1 - h.beta1) * g[i];
      v = h.beta2 * v + (1 - h.beta2) * g[i] ** 2;
      const mHat = m / (1 - h.beta1 ** t), vHat = v / (1 - h.beta2 ** t);
      x -= (h.lr * mHat) / (Math.sqrt(vHat) + h.eps);
    });
    return x;
  }),
  adagrad: (theta, grads, h) => theta.map((x, i) => {
    let sum = h.initialAccumulator;
    for (const g of grads) {
      sum += g[i] ** 2;
      x -= (h.lr * g[i]) / (Math.sqrt(sum) + h.eps);
    }
    return x;
  }),
  adamax: (theta, grads, h) => theta.map((x, i) => {
    let m = 0, u = 0;
    grads.forEach((g, s) => {
      const t = s + 1;
      m = h.beta1 * m + (1 - h.beta1) * g[i];
      u = Math.max(h.beta2 * u, Math.abs(g[i]) + h.eps);
      x -= (h.lr / (1 - h.beta1 ** t)) * (m / u);
    });
    return x;
  }),
  rmsprop: (theta, grads, h) => theta.map((x, i) => {
    let v = 0;
    for (const g of grads) {
      v = h.alpha * v + (1 - h.alpha) * g[i] ** 2;
      x -= (h.lr * g[i]) / (Math.sqrt(v) + h.eps);
    }
    return x;
  }),
};

/** Asserts θ after `grads` matches the float64 PyTorch formula to 1e-5 of the step (plus 2e-9). */
function expectPyTorch(name: OptimizerName, theta: number[], theta0: number[], grads: number[][], hyper: Hyper, what = ''): void {
  const expected = reference[name](theta0, grads, hyper);
  theta.forEach((x, i) => {
    const delta = expected[i] - theta0[i];
    const tol = 1e-5 * Math.abs(delta) + 2e-9;
    if (!(Math.abs(x - expected[i]) <= tol)) {
      throw new Error(`${name}${what} element ${i}: θ ${x} vs PyTorch ${expected[i]} (Δ expected ${delta}, tol ${tol})`);
    }
  });
}

/** SPEC's defaults (PyTorch's, with the paper's SGD lr). */
const SPEC_DEFAULTS: Record<OptimizerName, Partial<Hyper>> = {
  sgd: { lr: 0.01 },
  momentum: { lr: 0.01, momentum: 0.9 },
  adam: { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  adagrad: { lr: 1e-2, initialAccumulator: 0, eps: 1e-10 },
  adamax: { lr: 2e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  rmsprop: { lr: 1e-2, alpha: 0.99, eps: 1e-8 },
};

function runSteps(name: OptimizerName, grads: number[][]): { theta: number[]; hyper: Hyper } {
  const opt = createOptimizer(name, SHAPE);
  const theta = tf.variable(tf.tensor(THETA0, SHAPE));
  for (const g of grads) tf.tidy(() => opt.step(theta, tf.tensor(g, SHAPE)));
  const out = Array.from(theta.dataSync());
  theta.dispose();
  opt.dispose();
  return { theta: out, hyper: opt.hyper };
}

describe('optimizer registry', () => {
  it('lists exactly the six optimisers, in the paper order', () => {
    expect(optimizerNames()).toEqual(['sgd', 'momentum', 'adam', 'adagrad', 'adamax', 'rmsprop']);
  });

  it('rejects an unknown name, listing the known ones', () => {
    expect(() => optimizerDefinition('lbfgs')).toThrow(/unknown "lbfgs", expected one of sgd, momentum, adam, adagrad, adamax, rmsprop/);
  });
});

describe.each(Object.keys(reference) as OptimizerName[])('%s', (name) => {
  it('has the SPEC defaults', () => {
    expect(optimizerDefinition(name).defaults).toMatchObject(SPEC_DEFAULTS[name]);
  });

  // Two steps cover the first-step special cases (momentum's buf = g, bias corrections at t = 1)
  // and the recurrences at t = 2.
  it('two steps match the PyTorch formula', () => {
    const { theta, hyper } = runSteps(name, GRADS);
    expectPyTorch(name, theta, THETA0, GRADS, hyper);
    // The tiny-gradient elements must move (or not) exactly as the formula says, not be lost in rounding.
    expect(theta).not.toEqual(THETA0);
  });

  // The fused kernels' update (kernels/quine.ts) with the definition's scalars: the same
  // formula, and the same float32 operations as the tfjs update, so the same bits.
  it('the fused kernels\' update: two steps match the PyTorch formula and tfjs-wasm bit for bit', async () => {
    const k = await Kernel.create(1);
    const def = optimizerDefinition(name);
    const h = def.defaults;
    const theta = k.put(THETA0);
    const g = k.alloc(THETA0.length);
    const slot = (i: number) => k.put(new Float32Array(THETA0.length).fill(def.slots[i] === 'sum' ? h.initialAccumulator : 0));
    const [s1, s2] = [slot(0), slot(1)];
    GRADS.forEach((grad, step) => {
      k.f32().set(grad, g >> 2);
      const [p0, p1, p2, p3, p4, p5, p6] = def.fused.scalars(step + 1, h);
      k.x.update(def.fused.kind, theta, g, s1, s2, THETA0.length, p0, p1, p2, p3, p4, p5, p6);
    });
    const fused = Array.from(k.read(theta, THETA0.length));
    expectPyTorch(name, fused, THETA0, GRADS, h, ' (fused)');
    expect(fused).toEqual(runSteps(name, GRADS).theta);
    await k.dispose();
  });

  // createLaneOptimizers gives each lane its own optimiser (own slots and step count):
  // lanes stepped in turn, as optimisationEpoch does, must each follow the formula on
  // their own gradients. A shared optimiser would count two steps per round and mix
  // the lanes' moments. Hyper-parameter overrides reach every lane.
  it('createLaneOptimizers: lanes stepped in turn each match the PyTorch formula', () => {
    for (const o of createLaneOptimizers(name, 3, 5, { lr: 0.123, eps: 1e-6 })) {
      expect(o.hyper).toEqual({ ...optimizerDefinition(name).defaults, lr: 0.123, eps: 1e-6 });
      o.dispose();
    }
    const opts = createLaneOptimizers(name, 2, 5);
    expect(opts).toHaveLength(2);
    expect(opts[0]).not.toBe(opts[1]);
    const half = (xs: number[], l: number) => xs.slice(l * 5, (l + 1) * 5);
    const thetas = [0, 1].map((l) => tf.variable(tf.tensor1d(half(THETA0, l))));
    for (const g of GRADS) {
      for (let l = 0; l < 2; l++) tf.tidy(() => opts[l].step(thetas[l], tf.tensor1d(half(g, l))));
    }
    for (let l = 0; l < 2; l++) {
      expect(opts[l].hyper).toEqual(optimizerDefinition(name).defaults);
      expect(opts[l].stepCount).toBe(GRADS.length);
      const state = opts[l].exportState();
      for (const slot of Object.values(state.slots)) expect(slot.length).toBe(5);
      expectPyTorch(name, Array.from(thetas[l].dataSync()), half(THETA0, l), GRADS.map((g) => half(g, l)), opts[l].hyper, ` lane ${l}`);
    }
    tf.dispose(thetas);
    opts.forEach((o) => o.dispose());
  });

  // What a resumable paper checkpoint will hold (paper runs do not resume yet: the
  // "nothing lost" issue); a round trip must continue bit-identically.
  it('export/import state round trip continues identically', () => {
    const a = createOptimizer(name, SHAPE);
    const thetaA = tf.variable(tf.tensor(THETA0, SHAPE));
    tf.tidy(() => a.step(thetaA, tf.tensor(GRADS[0], SHAPE)));
    const state = a.exportState();
    expect(state.step).toBe(1);
    expect(Object.keys(state.slots).sort()).toEqual([...optimizerDefinition(name).slots].sort());

    const b = createOptimizer(name, SHAPE);
    b.importState(state);
    expect(b.stepCount).toBe(1);
    const thetaB = tf.variable(tf.tensor(thetaA.dataSync(), SHAPE));
    for (const [opt, theta] of [[a, thetaA], [b, thetaB]] as const) tf.tidy(() => opt.step(theta, tf.tensor(GRADS[1], SHAPE)));
    expect(Array.from(thetaB.dataSync())).toEqual(Array.from(thetaA.dataSync()));
    expect(b.exportState()).toEqual(a.exportState());

    // reset() returns to step 0 with fresh slots: the next step is a first step again.
    b.reset();
    expect(b.stepCount).toBe(0);
    const thetaC = tf.variable(tf.tensor(THETA0, SHAPE));
    tf.tidy(() => b.step(thetaC, tf.tensor(GRADS[0], SHAPE)));
    const fresh = runSteps(name, [GRADS[0]]).theta;
    expect(Array.from(thetaC.dataSync())).toEqual(fresh);
    tf.dispose([thetaA, thetaB, thetaC]);
    a.dispose();
    b.dispose();
  });

  it('refuses a state whose slot is missing or of the wrong size, naming the slot', () => {
    const opt = createOptimizer(name, SHAPE);
    const slots = optimizerDefinition(name).slots;
    if (slots.length > 0) {
      const bad = { step: 1, slots: { [slots[0]]: new Float32Array(3) } };
      expect(() => opt.importState(bad)).toThrow(new RegExp(`optimizer ${name}: state slot "${slots[0]}" missing or of the wrong size`));
    } else {
      expect(() => opt.importState({ step: 4, slots: {} })).not.toThrow();
      expect(opt.stepCount).toBe(4);
    }
    opt.dispose();
  });
});
