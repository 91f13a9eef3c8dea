/** What a quine is, independent of any one run: the data a checkpoint's model.json holds. */
/** The two quines: vanilla (θ alone) and the auxiliary MNIST quine; `paramLayout(kind).count` is each one's weight count. */
export const MODEL_KINDS = ['vanilla', 'auxiliary'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];
export const INIT_SCHEMES = ['torch-default', 'he'] as const;
export type InitScheme = (typeof INIT_SCHEMES)[number];
/** `one-hot`: e = P[c] (the paper); `direct`: e = (c / N)·p, the Fig. 2 ablation. */
export const COORDINATE_ENCODINGS = ['one-hot', 'direct'] as const;
export type CoordinateEncoding = (typeof COORDINATE_ENCODINGS)[number];
export const EMBED_ACTIVATIONS = ['none', 'selu'] as const;
export type EmbedActivation = (typeof EMBED_ACTIVATIONS)[number];

/** The hidden layers' activation: the paper's selu, or an exactly positively homogeneous one (SPEC: rescaling is then exact). */
export const ACTIVATIONS = ['selu', 'relu', 'leaky-relu', 'linear'] as const;
export type Activation = (typeof ACTIVATIONS)[number];
/** `per-layer`: each weight matrix W is used as r₀·W/‖W‖ (SPEC), so f_{sθ} = f_θ and shrinking θ gains nothing. */
export const WEIGHT_NORMS = ['none', 'per-layer'] as const;
export type WeightNorm = (typeof WEIGHT_NORMS)[number];

export interface ModelSpec {
  kind: ModelKind;
  init: InitScheme;
  encoding: CoordinateEncoding;
  embedActivation: EmbedActivation;
  /** Absent in checkpoints written before it existed: selu. */
  activation?: Activation;
  /** Absent in checkpoints written before it existed: none. */
  weightNorm?: WeightNorm;
}

/** How a spec computes: its activation and weight normalisation, with the defaults of older specs filled in. */
export interface Architecture { activation: Activation; weightNorm: WeightNorm }
export const PAPER_ARCHITECTURE: Architecture = { activation: 'selu', weightNorm: 'none' };
export function architectureOf(spec: Pick<ModelSpec, 'activation' | 'weightNorm'>): Architecture {
  return { activation: spec.activation ?? 'selu', weightNorm: spec.weightNorm ?? 'none' };
}

export const HIDDEN = 100;
/** Width of the embedding's coordinate part: all of it for vanilla, half for auxiliary. */
export const AUX_COORD_UNITS = 50;
export const AUX_IMAGE_UNITS = 50;
export const CLASSES = 10;
export const IMAGE_PIXELS = 784;
/** Softmax temperature and CE weight of the auxiliary quine (paper: both 0.01). */
export const AUX_TEMPERATURE = 0.01;
export const AUX_LAMBDA = 0.01;

export function defaultSpec(kind: ModelKind): ModelSpec {
  return { kind, init: kind === 'vanilla' ? 'torch-default' : 'he', encoding: 'one-hot', embedActivation: 'none' };
}
