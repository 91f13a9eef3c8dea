/**
 * A reference quine written straight from SPEC's formulas in plain float64 loops,
 * reading θ in its CANONICAL order (W1[o][i] = θ[o·100 + i]). It shares no code
 * with the engine's forward pass or gradient, so the engine is checked against
 * an independent computation. Only the fixed random projections (data, not
 * maths) are taken from the engine.
 */
import type { Projections } from '../../src/engine/models/projection';
import type { ModelSpec } from '../../src/engine/models/modelSpec';

// Klambauer et al. 2017, written out here rather than imported so that a wrong
// constant in the engine would show.
const ALPHA = 1.6732632423543772848170429916717;
const SCALE = 1.0507009873554804934193349852946;
const H = 100;
const TEMPERATURE = 0.01;

export const referenceSelu = (x: number): number => (x > 0 ? SCALE * x : SCALE * ALPHA * (Math.exp(x) - 1));

/** Canonical offsets of SPEC's θ = concat(W1, W2, Wout[, Wcls]). */
export const OFFSET = { W1: 0, W2: H * H, Wout: 2 * H * H, Wcls: 2 * H * H + H } as const;

/** x/255 · Pxᵀ for one 784-pixel image: the image half of the auxiliary embedding. */
export function referenceImageEmbedding(pixel: Float32Array, image: Uint8Array, index: number): Float64Array {
  const out = new Float64Array(50);
  const base = index * 784;
  for (let j = 0; j < 50; j++) {
    let s = 0;
    for (let p = 0; p < 784; p++) s += pixel[j * 784 + p] * (image[base + p] / 255);
    out[j] = s;
  }
  return out;
}

/**
 * e(c[, x]) per SPEC: one-hot → P[c]; direct → (c/N)·p; auxiliary → [Pc[c], Px·x]
 * (`imageEmbed` null = a blank image); then the optional selu.
 */
export function referenceEmbedding(spec: ModelSpec, proj: Projections, n: number, c: number, imageEmbed?: Float64Array | null): Float64Array {
  const e = new Float64Array(H);
  const coordUnits = spec.kind === 'auxiliary' ? 50 : H;
  for (let j = 0; j < coordUnits; j++) {
    e[j] = spec.encoding === 'direct' ? (c / n) * proj.coord[j] : proj.coord[c * coordUnits + j];
  }
  if (spec.kind === 'auxiliary' && imageEmbed) for (let j = 0; j < 50; j++) e[50 + j] = imageEmbed[j];
  if (spec.embedActivation === 'selu') for (let j = 0; j < H; j++) e[j] = referenceSelu(e[j]);
  return e;
}

export interface ReferenceOutput {
  /** The predicted weight f = Wout·h2. */
  f: number;
  /** (Wcls·h2) / T, auxiliary only (empty for vanilla). */
  logits: number[];
}

/** h1 = selu(W1 e), h2 = selu(W2 h1), f = Wout h2, logits = Wcls h2 / T — from canonical θ. */
export function referenceForward(theta: ArrayLike<number>, auxiliary: boolean, e: ArrayLike<number>): ReferenceOutput {
  const h1 = new Float64Array(H);
  const h2 = new Float64Array(H);
  for (let o = 0; o < H; o++) {
    let s = 0;
    for (let i = 0; i < H; i++) s += theta[OFFSET.W1 + o * H + i] * e[i];
    h1[o] = referenceSelu(s);
  }
  for (let o = 0; o < H; o++) {
    let s = 0;
    for (let i = 0; i < H; i++) s += theta[OFFSET.W2 + o * H + i] * h1[i];
    h2[o] = referenceSelu(s);
  }
  let f = 0;
  for (let i = 0; i < H; i++) f += theta[OFFSET.Wout + i] * h2[i];
  const logits: number[] = [];
  if (auxiliary) {
    for (let r = 0; r < 10; r++) {
      let s = 0;
      for (let i = 0; i < H; i++) s += theta[OFFSET.Wcls + r * H + i] * h2[i];
      logits.push(s / TEMPERATURE);
    }
  }
  return { f, logits };
}

/** −log softmax(logits)[label], computed stably. */
export function referenceCrossEntropy(logits: number[], label: number): number {
  const m = Math.max(...logits);
  let s = 0;
  for (const z of logits) s += Math.exp(z - m);
  return m + Math.log(s) - logits[label];
}

export interface ReferenceSample { e: ArrayLike<number>; target: number; label?: number }

/** SPEC's mini-batch loss: replication·Σ(f − θ_c)² + task·Σ CE over the batch's samples. */
export function referenceBatchLoss(
  theta: ArrayLike<number>, auxiliary: boolean, samples: ReferenceSample[], weights: { replication: number; task: number },
): number {
  let loss = 0;
  for (const s of samples) {
    const out = referenceForward(theta, auxiliary, s.e);
    loss += weights.replication * (out.f - s.target) ** 2;
    if (auxiliary && s.label !== undefined && weights.task !== 0) loss += weights.task * referenceCrossEntropy(out.logits, s.label);
  }
  return loss;
}
