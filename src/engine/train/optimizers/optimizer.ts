import * as tf from '@tensorflow/tfjs-core';

export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'adagrad' | 'adamax' | 'rmsprop';

/** Hyper-parameters with PyTorch's names and meanings (each optimiser reads the ones it needs). */
export interface Hyper {
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  alpha: number;
  eps: number;
  initialAccumulator: number;
}

export interface OptimizerState { step: number; slots: Record<string, Float32Array> }

export interface OptimizerDefinition {
  name: OptimizerName;
  label: string;
  /** PyTorch's defaults for this optimiser (lr for SGD is the paper's 0.01). */
  defaults: Hyper;
  slots: readonly string[];
  /**
   * One update of θ in place, given the step number t (1-based) and the slot
   * variables; runs inside tidy().
   */
  update(theta: tf.Variable, grad: tf.Tensor, slots: Record<string, tf.Variable>, t: number, h: Hyper): void;
  /**
   * The same update in the fused kernels (kernels/quine.ts `update`): its kind and the
   * scalars p0..p6 at step t, each the JS number `update` gives tfjs, so both round alike.
   */
  fused: { kind: number; scalars(t: number, h: Hyper): number[] };
}

const base: Hyper = { lr: 0.01, momentum: 0, beta1: 0.9, beta2: 0.999, alpha: 0.99, eps: 1e-8, initialAccumulator: 0 };
export const hyperDefaults = (over: Partial<Hyper>): Hyper => ({ ...base, ...over });

/**
 * An optimiser bound to one θ (a lane's [N]): owns its slot variables (zeros, or the
 * initial accumulator) and the step counter; state in, state out for checkpoints.
 */
export class Optimizer {
  private slots: Record<string, tf.Variable> = {};
  private t = 0;

  constructor(readonly def: OptimizerDefinition, readonly hyper: Hyper, private readonly shape: number[]) {
    this.reset();
  }

  get name(): OptimizerName { return this.def.name; }
  get stepCount(): number { return this.t; }

  step(theta: tf.Variable, grad: tf.Tensor): void {
    this.t += 1;
    tf.tidy(() => this.def.update(theta, grad, this.slots, this.t, this.hyper));
  }

  reset(): void {
    this.disposeSlots();
    this.t = 0;
    for (const s of this.def.slots) {
      const init = s === 'sum' ? this.hyper.initialAccumulator : 0;
      this.slots[s] = tf.tidy(() => tf.variable(tf.fill(this.shape, init), false));
    }
  }

  exportState(): OptimizerState {
    const slots: Record<string, Float32Array> = {};
    for (const [k, v] of Object.entries(this.slots)) slots[k] = v.dataSync() as Float32Array;
    return { step: this.t, slots };
  }

  importState(state: OptimizerState): void {
    for (const s of this.def.slots) {
      const data = state.slots[s];
      if (!data || data.length !== this.shape.reduce((a, b) => a * b, 1)) {
        throw new Error(`optimizer ${this.def.name}: state slot "${s}" missing or of the wrong size`);
      }
      tf.tidy(() => this.slots[s].assign(tf.tensor(data, this.shape)));
    }
    this.t = state.step;
  }

  dispose(): void { this.disposeSlots(); }

  private disposeSlots(): void {
    for (const v of Object.values(this.slots)) v.dispose();
    this.slots = {};
  }
}
