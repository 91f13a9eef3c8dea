import * as tf from '@tensorflow/tfjs-core';
import type { LaneSet } from '../lanes/laneSet';
import { AUX_TEMPERATURE, HIDDEN } from '../models/modelSpec';
import type { LossWeights } from '../train/batchLoss';
import type { MiniBatchPlan } from '../train/miniBatchLoop';
import type { Optimizer } from '../train/optimizers/optimizer';
import { ACTIVATION_CODES, fusedArchitectureGap } from './activeKernel';
import type { Kernel } from './kernel';

/**
 * Why a gradient loop with these loss options cannot run fused, or null. The kernels
 * hold the paper's loss (Σ(f − θ_c)² against the epoch's snapshot, plus λ·Σ CE); the
 * scale-free losses and live targets, and weight normalisation, take the tfjs path.
 */
export function fusedTrainingGap(lanes: LaneSet, weights: LossWeights): string | null {
  if ((weights.loss ?? 'sse') !== 'sse') return `replication loss "${weights.loss}" runs on tfjs`;
  if ((weights.targets ?? 'snapshot') !== 'snapshot') return `targets "${weights.targets}" run on tfjs`;
  for (let l = 0; l < lanes.k; l++) {
    const gap = fusedArchitectureGap(lanes.architecture(l));
    if (gap) return gap;
  }
  return null;
}

/** One lane's θ, gradient and optimiser state in kernel memory for the whole loop. */
interface ResidentLane { theta: number; g: number; s1: number; s2: number; step: number }

/**
 * The mini-batch loop of miniBatchLoop.ts with gradient steps (gradientStep), on the
 * fused kernels: θ and the optimiser state of every lane are copied into kernel memory
 * at the start and back at the end; each step is one kernel call for the forward pass,
 * the loss's derivative and the backward pass, and one for the optimiser's update.
 * Batches are built as miniBatchLoop builds them (FixedInputs.embedInto, the snapshot's
 * targets), each lane's training images drawn from its cursor in the same order.
 */
export function fusedGradientLoop(kernel: Kernel, lanes: LaneSet, plan: MiniBatchPlan, weights: LossWeights, optimizers: readonly Optimizer[]): void {
  const layout = lanes.layout;
  const n = layout.count;
  const b = plan.batchSize;
  const hw = layout.headWidth;
  const aux = layout.kind === 'auxiliary';
  const owned: number[] = [];
  const alloc = (floats: number) => {
    const p = kernel.alloc(floats);
    owned.push(p);
    return p;
  };
  try {
    const resident: ResidentLane[] = plan.lanes.map((p, i) => {
      const o = optimizers[i];
      const state = o.exportState();
      const slot = (k: number) => {
        const name = o.def.slots[k];
        const ptr = alloc(n);
        if (name) kernel.f32().set(state.slots[name], ptr >> 2);
        return ptr;
      };
      const theta = alloc(n);
      kernel.f32().set(lanes.theta(p.lane).dataSync() as Float32Array, theta >> 2);
      return { theta, g: alloc(n), s1: slot(0), s2: slot(1), step: o.stepCount };
    });
    const e = alloc(b * HIDDEN);
    const targets = alloc(b);
    const labels = alloc(b);
    const scratch = alloc(6 * b * HIDDEN + 2 * hw * HIDDEN + 2 * b * hw);
    const rep2 = 2 * weights.replication;
    const taskOverT = weights.task / AUX_TEMPERATURE;
    const x = kernel.x;
    for (let t = 0; t < plan.batches; t++) {
      const at = t * b;
      plan.lanes.forEach((p, i) => {
        const r = resident[i];
        const inputs = lanes.inputsOf(p.lane);
        const view = kernel.f32();
        const ints = kernel.i32();
        // Drawn batch by batch, lane by lane, as miniBatchLoop draws them: coordinates
        // from the plan's order (an array or a source), images from the lane's cursor.
        const order = p.order;
        for (let j = 0; j < b; j++) {
          const c = order instanceof Int32Array ? order[at + j] : order.next();
          view[(targets >> 2) + j] = p.targets[c];
          if (aux) {
            const img = p.images!.next();
            inputs.embedInto(view, (e >> 2) + j * HIDDEN, c, inputs.trainImageEmbed, img);
            ints[(labels >> 2) + j] = inputs.images!.train.labels[img];
          } else {
            inputs.embedInto(view, (e >> 2) + j * HIDDEN, c);
          }
        }
        x.batchGradient(e, b, r.theta, hw, ACTIVATION_CODES[lanes.architecture(p.lane).activation], targets, labels, rep2, AUX_TEMPERATURE, taskOverT, r.g, scratch);
        r.step += 1;
        const o = optimizers[i];
        const [p0, p1, p2, p3, p4, p5, p6] = o.def.fused.scalars(r.step, o.hyper);
        x.update(o.def.fused.kind, r.theta, r.g, r.s1, r.s2, n, p0, p1, p2, p3, p4, p5, p6);
      });
      if (plan.onProgress && (t % 100 === 99 || t === plan.batches - 1)) plan.onProgress(t + 1, plan.batches);
    }
    plan.lanes.forEach((p, i) => {
      const r = resident[i];
      const o = optimizers[i];
      tf.tidy(() => lanes.theta(p.lane).assign(tf.tensor1d(kernel.read(r.theta, n))));
      const slots: Record<string, Float32Array> = {};
      o.def.slots.forEach((name, k) => { slots[name] = kernel.read(k === 0 ? r.s1 : r.s2, n); });
      o.importState({ step: r.step, slots });
    });
  } finally {
    for (const p of owned) kernel.release(p);
  }
}

/**
 * The gradient of one batch on the kernels, θ and the result in internal order: what
 * fusedGradientLoop computes each step (for tests that hold it to lossGradient).
 * `labels` are class indices (auxiliary).
 */
export function fusedBatchGradient(kernel: Kernel, theta: Float32Array, lanes: LaneSet, lane: number, e: Float32Array, targets: Float32Array, labels: Int32Array | null, weights: LossWeights): Float32Array {
  const layout = lanes.layout;
  const b = targets.length;
  const hw = layout.headWidth;
  const ptrs = [kernel.put(theta), kernel.alloc(layout.count), kernel.put(e), kernel.put(targets), kernel.alloc(b), kernel.alloc(6 * b * HIDDEN + 2 * hw * HIDDEN + 2 * b * hw)];
  const [t, g, ep, tp, lp, scratch] = ptrs;
  try {
    if (labels) kernel.i32().set(labels, lp >> 2);
    kernel.x.batchGradient(ep, b, t, hw, ACTIVATION_CODES[lanes.architecture(lane).activation], tp, lp, 2 * weights.replication, AUX_TEMPERATURE, weights.task / AUX_TEMPERATURE, g, scratch);
    return kernel.read(g, layout.count);
  } finally {
    for (const p of ptrs) kernel.release(p);
  }
}
