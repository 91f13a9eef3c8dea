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

/** The hidden activation and weight normalisation a reference pass computes with (SPEC, "Beyond the paper"). */
export interface ReferenceArch { activation: 'selu' | 'relu' | 'leaky-relu' | 'linear'; weightNorm: 'none' | 'per-layer' }
export const PAPER_ARCH: ReferenceArch = { activation: 'selu', weightNorm: 'none' };

function referenceActivation(x: number, activation: ReferenceArch['activation']): number {
  switch (activation) {
    case 'selu': return referenceSelu(x);
    case 'relu': return x > 0 ? x : 0;
    case 'leaky-relu': return x > 0 ? x : 0.01 * x;
    case 'linear': return x;
  }
}

/**
 * The weights a pass computes with: θ itself, or per layer W̃ = r₀·W/‖W‖ with
 * r₀ = √(2·out) — W1, W2 (out 100), Wout (out 1) and Wcls (out 10) each on its own.
 */
export function referenceEffectiveTheta(theta: ArrayLike<number>, auxiliary: boolean, arch: ReferenceArch): Float64Array {
  const w = Float64Array.from(theta as ArrayLike<number>);
  if (arch.weightNorm === 'none') return w;
  const blocks: [number, number, number][] = [[OFFSET.W1, H * H, H], [OFFSET.W2, H * H, H], [OFFSET.Wout, H, 1]];
  if (auxiliary) blocks.push([OFFSET.Wcls, 10 * H, 10]);
  for (const [offset, size, out] of blocks) {
    let sq = 0;
    for (let i = offset; i < offset + size; i++) sq += w[i] * w[i];
    const k = Math.sqrt(2 * out) / Math.sqrt(sq);
    for (let i = offset; i < offset + size; i++) w[i] *= k;
  }
  return w;
}

/** h1 = σ(W1 e), h2 = σ(W2 h1), f = Wout h2, logits = Wcls h2 / T — from canonical θ (σ = selu unless `arch` says otherwise). */
export function referenceForward(theta: ArrayLike<number>, auxiliary: boolean, e: ArrayLike<number>, arch: ReferenceArch = PAPER_ARCH): ReferenceOutput {
  const w = arch.weightNorm === 'none' ? theta : referenceEffectiveTheta(theta, auxiliary, arch);
  const h1 = new Float64Array(H);
  const h2 = new Float64Array(H);
  for (let o = 0; o < H; o++) {
    let s = 0;
    for (let i = 0; i < H; i++) s += w[OFFSET.W1 + o * H + i] * e[i];
    h1[o] = referenceActivation(s, arch.activation);
  }
  for (let o = 0; o < H; o++) {
    let s = 0;
    for (let i = 0; i < H; i++) s += w[OFFSET.W2 + o * H + i] * h1[i];
    h2[o] = referenceActivation(s, arch.activation);
  }
  let f = 0;
  for (let i = 0; i < H; i++) f += w[OFFSET.Wout + i] * h2[i];
  const logits: number[] = [];
  if (auxiliary) {
    for (let r = 0; r < 10; r++) {
      let s = 0;
      for (let i = 0; i < H; i++) s += w[OFFSET.Wcls + r * H + i] * h2[i];
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

/** A sample of a batch: its embedding, its snapshot target, (auxiliary) its label, and its coordinate c (live targets read θ_c). */
export interface ReferenceSample { e: ArrayLike<number>; target: number; label?: number; coord?: number }

export interface ReferenceLoss {
  replication: number;
  task: number;
  loss?: 'sse' | 'relative' | 'cosine';
  targets?: 'snapshot' | 'live';
}

/**
 * SPEC's mini-batch loss: replication·L_rep + task·Σ CE over the batch's samples, where
 * L_rep is Σ(f − t)² (sse), Σ(f − t)²/Σ_all(θ − mean θ)² (relative: the denominator
 * over all of the current θ) or 1 − ⟨f, t⟩/(‖f‖‖t‖) (cosine); t = the snapshot target,
 * or θ_c itself (live).
 */
export function referenceBatchLoss(
  theta: ArrayLike<number>, auxiliary: boolean, samples: ReferenceSample[], weights: ReferenceLoss, arch: ReferenceArch = PAPER_ARCH,
): number {
  const fs: number[] = [];
  const ts: number[] = [];
  let ce = 0;
  for (const s of samples) {
    const out = referenceForward(theta, auxiliary, s.e, arch);
    fs.push(out.f);
    ts.push(weights.targets === 'live' ? theta[s.coord!] : s.target);
    if (auxiliary && s.label !== undefined && weights.task !== 0) ce += referenceCrossEntropy(out.logits, s.label);
  }
  return weights.replication * referenceReplicationLoss(fs, ts, weights.loss ?? 'sse', theta) + weights.task * ce;
}

/** L_rep of predictions fs against targets ts (see referenceBatchLoss). */
export function referenceReplicationLoss(fs: number[], ts: number[], kind: 'sse' | 'relative' | 'cosine', theta: ArrayLike<number>): number {
  let sse = 0, ft = 0, ff = 0, tt = 0;
  fs.forEach((f, j) => {
    sse += (f - ts[j]) ** 2;
    ft += f * ts[j];
    ff += f * f;
    tt += ts[j] * ts[j];
  });
  if (kind === 'sse') return sse;
  if (kind === 'cosine') return 1 - ft / Math.sqrt(ff * tt);
  let mean = 0;
  for (let i = 0; i < theta.length; i++) mean += theta[i];
  mean /= theta.length;
  let d = 0;
  for (let i = 0; i < theta.length; i++) d += (theta[i] - mean) ** 2;
  return sse / d;
}
