import type { LineageLayout } from './lineageLayout';

/**
 * Per-instance vertex data for the lineage meshes, built from a LineageLayout's
 * arrays with no GPU or DOM in sight (so it is tested in node). One instance per
 * node and per parent→child edge; the shaders expand each into a screen-space quad.
 */

/** Edge colours (RGB) and alphas: surviving lineages bright, extinct ones faint. */
export const EDGE_STYLE = {
  alive: { rgb: [0xa8, 0xbc, 0xcf] as const, alpha: 0.55 },
  extinct: { rgb: [0x6b, 0x7a, 0x8a] as const, alpha: 0.16 },
};

export interface NodeInstances {
  /** Node centres in layout units (x = generation, y = slot). */
  position: Float32Array;
  /** Replication fidelity in [0, 1]; the disc's radius grows with it. */
  size: Float32Array;
  /** RGBA bytes: accuracy colour, alpha faded for extinct lineages. */
  colour: Uint8Array;
  /** Layout index drawn as instance k. */
  order: Int32Array;
}

export interface EdgeInstances {
  /** Parent end, layout units. */
  from: Float32Array;
  /** Child end, layout units. */
  to: Float32Array;
  colour: Uint8Array;
  count: number;
}

/** Layout indices with extinct lineages first, then surviving ones, so survivors are drawn on top. */
export function drawOrder(layout: LineageLayout): Int32Array {
  const n = layout.count;
  const alive = layout.lineAlive;
  const order = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (!alive[i]) order[k++] = i;
  for (let i = 0; i < n; i++) if (alive[i]) order[k++] = i;
  return order;
}

/** The node instances of a laid-out lineage (call layout.update() first). */
export function buildNodeInstances(layout: LineageLayout): NodeInstances {
  const order = drawOrder(layout);
  const n = order.length;
  const position = new Float32Array(2 * n);
  const size = new Float32Array(n);
  const colour = new Uint8Array(4 * n);
  const { x, y, colour: rgb, alpha, size: fidelity } = layout;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    position[2 * k] = x[i];
    position[2 * k + 1] = y[i];
    size[k] = fidelity[i];
    const c = rgb[i];
    colour[4 * k] = (c >> 16) & 255;
    colour[4 * k + 1] = (c >> 8) & 255;
    colour[4 * k + 2] = c & 255;
    colour[4 * k + 3] = Math.round(255 * alpha[i]);
  }
  return { position, size, colour, order };
}

/** The edge instances (extinct lineages first) of a laid-out lineage. */
export function buildEdgeInstances(layout: LineageLayout): EdgeInstances {
  const order = drawOrder(layout);
  const parent = layout.parentIndex;
  let count = 0;
  for (let k = 0; k < order.length; k++) if (parent[order[k]] >= 0) count++;
  const from = new Float32Array(2 * count);
  const to = new Float32Array(2 * count);
  const colour = new Uint8Array(4 * count);
  const { x, y, lineAlive } = layout;
  let e = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const p = parent[i];
    if (p < 0) continue;
    from[2 * e] = x[p];
    from[2 * e + 1] = y[p];
    to[2 * e] = x[i];
    to[2 * e + 1] = y[i];
    const style = lineAlive[i] ? EDGE_STYLE.alive : EDGE_STYLE.extinct;
    colour[4 * e] = style.rgb[0];
    colour[4 * e + 1] = style.rgb[1];
    colour[4 * e + 2] = style.rgb[2];
    colour[4 * e + 3] = Math.round(255 * style.alpha);
    e++;
  }
  return { from, to, colour, count };
}
