import type { LaneSet } from '../lanes/laneSet';
import type { Evaluation } from '../metrics/evaluateLanes';
import { metricBlocks } from '../metrics/replicationMetrics';
import { forwardLaneOnce } from '../models/forward';
import { HIDDEN } from '../models/modelSpec';
import type { Stream } from '../random/streams';

// Regeneration, θ ← f_θ(c), and the reproduction built on it: paper runs regenerate
// in place; evolution makes each child from its parent's regenerated weights (x_c
// given per coordinate), then mutates the child's copy.

/** How a regeneration rescales its result: not at all (the paper), to ‖θ‖ (projective), or block by block to each block's norm. */
export const REGENERATION_NORMALISE = ['none', 'global', 'per-block'] as const;
export type RegenerationNormalise = (typeof REGENERATION_NORMALISE)[number];

/** The regeneration of a paper run: the rescaling and the damping β ∈ (0, 1] (1 = undamped). */
export interface RegenerationRule { normalise: RegenerationNormalise; beta: number }
export const PAPER_REGENERATION: RegenerationRule = { normalise: 'none', beta: 1 };

/**
 * One regeneration of θ given its predictions f (both in coordinate order), computed
 * in float64: g = (1 − β)·θ + β·f, then θ' = g (`none`), θ' = ‖θ‖·g/‖g‖ (`global`:
 * SPEC's projective regeneration, which removes the radial mode that shrinks every
 * quine to zero), or the same block by block (`per-block`, W1, W2, Wout[, Wcls] each
 * kept at its own norm). β = 1 with `none` is the paper's θ ← f_θ(c).
 */
export function regenerated(theta: Float32Array, f: Float32Array, rule: RegenerationRule, blocks: readonly { offset: number; size: number }[]): Float32Array {
  const n = theta.length;
  const g = new Float64Array(n);
  // β = 1 takes f as it is (0·θ would turn an infinite θ into NaN).
  for (let i = 0; i < n; i++) g[i] = rule.beta === 1 ? f[i] : (1 - rule.beta) * theta[i] + rule.beta * f[i];
  const out = new Float32Array(n);
  const spans = rule.normalise === 'per-block' ? blocks : [{ offset: 0, size: n }];
  for (const { offset, size } of spans) {
    let tt = 0, gg = 0;
    for (let i = offset; i < offset + size; i++) {
      tt += theta[i] * theta[i];
      gg += g[i] * g[i];
    }
    // A prediction of all zeros cannot be rescaled: it stays the zero it is.
    const k = rule.normalise === 'none' || gg === 0 ? 1 : Math.sqrt(tt / gg);
    for (let i = offset; i < offset + size; i++) out[i] = k * g[i];
  }
  return out;
}

/**
 * Regeneration in place for every lane, every prediction computed from the same θ.
 * Takes the predictions of an evaluation just made (the forward pass over all
 * coordinates is the same one), so regeneration costs no extra pass.
 */
export function regenerate(lanes: LaneSet, evaluations: Evaluation[], rule: RegenerationRule = PAPER_REGENERATION): void {
  const blocks = metricBlocks(lanes.layout);
  lanes.setCanonical(evaluations.map((e) => regenerated(e.theta, e.predictions, rule, blocks)));
}

/** Where the auxiliary input x_c comes from when an evolving parent regenerates. */
export type RegenerationInput = 'train' | 'blank' | 'noise';

/** The x_c of every coordinate: an image-embedding table (null: the blank image, whose embedding is zero) and a row per coordinate. */
export interface RegenerationImages { table: Float32Array | null; rows: Int32Array }

/** The parent's prediction of every one of its weights, θ'[c] = f_parent(c, x_c), in coordinate order. */
export function regeneratedWeights(lanes: LaneSet, lane: number, images: RegenerationImages): Float32Array {
  const inputs = lanes.inputsOf(lane);
  const n = inputs.n;
  const buf = new Float32Array(n * HIDDEN);
  for (let c = 0; c < n; c++) inputs.embedInto(buf, c * HIDDEN, c, images.table, images.rows[c]);
  const out = forwardLaneOnce(lanes.theta(lane), lanes.layout, buf, n, lanes.architecture(lane));
  const w = lanes.layout.headWidth;
  return w === 1 ? out : Float32Array.from({ length: n }, (_, c) => out[c * w]);
}

/** Gaussian mutation in place: each weight with probability `rate` gets σ·N(0, 1). */
export function mutate(theta: Float32Array, sigma: number, rate: number, rng: Stream): Float32Array {
  if (sigma === 0 || rate === 0) return theta;
  for (let i = 0; i < theta.length; i++) {
    if (rate >= 1 || rng.next() < rate) theta[i] += sigma * rng.normal();
  }
  return theta;
}
