import { CLASSES, HIDDEN, type ModelKind } from './modelSpec';

/** One weight matrix of θ, PyTorch-style [out, in], flattened row-major at `offset`. */
export interface ParamBlock {
  name: 'W1' | 'W2' | 'Wout' | 'Wcls';
  shape: [number, number];
  offset: number;
}

/**
 * θ's coordinate order (SPEC): concat(W1, W2, Wout[, Wcls]) row-major — the order of
 * checkpoints and of the coordinate a quine predicts.
 *
 * Internally the engine keeps each matrix transposed ([in, out]) so every forward
 * matMul takes the fast untransposed path, and Wout/Wcls share one "head" matrix
 * [100, 1 + 10] so the output layer is one matMul. `toInternal[c]` maps a coordinate
 * to its internal position.
 */
export interface ParamLayout {
  kind: ModelKind;
  blocks: ParamBlock[];
  count: number;
  /** Width of the head: 1 (vanilla) or 1 + 10 (auxiliary). */
  headWidth: number;
  toInternal: Int32Array;
  toCanonical: Int32Array;
}

const cache = new Map<ModelKind, ParamLayout>();

export function paramLayout(kind: ModelKind): ParamLayout {
  const hit = cache.get(kind);
  if (hit) return hit;
  const shapes: [ParamBlock['name'], [number, number]][] = [
    ['W1', [HIDDEN, HIDDEN]],
    ['W2', [HIDDEN, HIDDEN]],
    ['Wout', [1, HIDDEN]],
  ];
  if (kind === 'auxiliary') shapes.push(['Wcls', [CLASSES, HIDDEN]]);
  let offset = 0;
  const blocks = shapes.map(([name, shape]) => {
    const b: ParamBlock = { name, shape, offset };
    offset += shape[0] * shape[1];
    return b;
  });
  const headWidth = kind === 'auxiliary' ? 1 + CLASSES : 1;
  const toInternal = new Int32Array(offset);
  const headStart = 2 * HIDDEN * HIDDEN;
  for (const b of blocks) {
    const [rows, cols] = b.shape;
    for (let r = 0; r < rows; r++) {
      for (let i = 0; i < cols; i++) {
        const c = b.offset + r * cols + i;
        if (b.name === 'W1' || b.name === 'W2') toInternal[c] = b.offset + i * rows + r;
        else toInternal[c] = headStart + i * headWidth + (b.name === 'Wout' ? 0 : 1 + r);
      }
    }
  }
  const toCanonical = new Int32Array(offset);
  for (let c = 0; c < offset; c++) toCanonical[toInternal[c]] = c;
  const layout: ParamLayout = { kind, blocks, count: offset, headWidth, toInternal, toCanonical };
  cache.set(kind, layout);
  return layout;
}

export function canonicalToInternal(layout: ParamLayout, canonical: Float32Array, out = new Float32Array(layout.count)): Float32Array {
  for (let c = 0; c < layout.count; c++) out[layout.toInternal[c]] = canonical[c];
  return out;
}

export function internalToCanonical(layout: ParamLayout, internal: Float32Array, out = new Float32Array(layout.count)): Float32Array {
  for (let c = 0; c < layout.count; c++) out[c] = internal[layout.toInternal[c]];
  return out;
}
