/** What a quine is, independent of any one run: the data a checkpoint's model.json holds. */
export type ModelKind = 'vanilla' | 'auxiliary';
export type InitScheme = 'torch-default' | 'he';
/** `one-hot`: e = P[c] (the paper); `direct`: e = (c / N)·p, the Fig. 2 ablation. */
export type CoordinateEncoding = 'one-hot' | 'direct';
export type EmbedActivation = 'none' | 'selu';

export interface ModelSpec {
  kind: ModelKind;
  init: InitScheme;
  encoding: CoordinateEncoding;
  embedActivation: EmbedActivation;
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
