import type { LineageLayout } from './lineageLayout';

/**
 * Vertex data for the lineage meshes, built from a LineageLayout's arrays with no
 * GPU or DOM in sight (so it is tested in node). Each node is one point sprite the
 * shader sizes in pixels; each parent→child edge one quad whose four vertices carry
 * both end points, pushed out to pixel width by the shader. Why not instancing:
 * SwiftShader (the WebGL of headless and GPU-less machines) runs an instanced draw
 * as one draw per instance, measured 30× slower at 10,000 nodes; and points rather
 * than node quads because its cost grows with the primitives it sets up.
 */

/** Edge colours (RGB) and alphas: surviving lineages bright, extinct ones faint. */
export const EDGE_STYLE = {
  alive: { rgb: [0xa8, 0xbc, 0xcf] as const, alpha: 0.55 },
  extinct: { rgb: [0x6b, 0x7a, 0x8a] as const, alpha: 0.16 },
};

/** Lifespan bars take the individual's own colour at these alphas (living lineage, extinct). */
export const LIFESPAN_ALPHA = { alive: 0.5, extinct: 0.12 };

export interface NodePoints {
  /** Node centres in layout units (x = generation, y = slot). */
  position: Float32Array;
  /** Replication fidelity in [0, 1]; the disc's radius grows with it. */
  size: Float32Array;
  /** RGBA bytes: accuracy colour, alpha faded for extinct lineages. */
  colour: Uint8Array;
  /** Layout index drawn as point k. */
  order: Int32Array;
}

/**
 * Segments to draw: every parent→child link, and a lifespan bar for each individual
 * that lived through more than its birth generation (an elite, a survivor), from
 * its node to the last generation it lived in, so long lives read as long.
 */
export interface EdgeQuads {
  /** Start (parent, or the individual for a lifespan), layout units, on each of the 4 vertices. */
  from: Float32Array;
  /** End (child, or the last generation lived), layout units. */
  to: Float32Array;
  /** 0 at the parent end, 1 at the child end. */
  end: Float32Array;
  /** Side of the centre line, ±1. */
  side: Float32Array;
  colour: Uint8Array;
  index: Uint32Array;
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

/** Edge vertices (end, side): parent +, parent −, child −, child +. */
const EDGE_ENDS = [0, 0, 1, 1];
const EDGE_SIDES = [1, -1, -1, 1];

/** The node points of a laid-out lineage (call layout.update() first). */
export function buildNodePoints(layout: LineageLayout): NodePoints {
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

/** Last generation individual i lived in when beyond its birth generation, else -1 (no lifespan bar). */
function lifespanEnd(layout: LineageLayout, i: number): number {
  const died = layout.died[i];
  const last = died >= 0 ? died - 1 : layout.lastGeneration;
  return last > layout.x[i] ? last : -1;
}

/** The edge and lifespan quads (extinct lineages first) of a laid-out lineage. */
export function buildEdgeQuads(layout: LineageLayout): EdgeQuads {
  const order = drawOrder(layout);
  const parent = layout.parentIndex;
  let count = 0;
  for (let k = 0; k < order.length; k++) {
    if (parent[order[k]] >= 0) count++;
    if (lifespanEnd(layout, order[k]) >= 0) count++;
  }
  const from = new Float32Array(8 * count);
  const to = new Float32Array(8 * count);
  const end = new Float32Array(4 * count);
  const side = new Float32Array(4 * count);
  const colour = new Uint8Array(16 * count);
  const index = new Uint32Array(6 * count);
  const { x, y, lineAlive, colour: rgb } = layout;
  let e = 0;
  const segment = (x0: number, y0: number, x1: number, y1: number, r: number, g: number, b: number, a: number) => {
    for (let v = 0; v < 4; v++) {
      const o = 4 * e + v;
      from[2 * o] = x0;
      from[2 * o + 1] = y0;
      to[2 * o] = x1;
      to[2 * o + 1] = y1;
      end[o] = EDGE_ENDS[v];
      side[o] = EDGE_SIDES[v];
      colour[4 * o] = r;
      colour[4 * o + 1] = g;
      colour[4 * o + 2] = b;
      colour[4 * o + 3] = a;
    }
    writeQuad(index, 6 * e, 4 * e, 0, 2, 3, 0, 3, 1);
    e++;
  };
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const p = parent[i];
    if (p >= 0) {
      const style = lineAlive[i] ? EDGE_STYLE.alive : EDGE_STYLE.extinct;
      segment(x[p], y[p], x[i], y[i], style.rgb[0], style.rgb[1], style.rgb[2], Math.round(255 * style.alpha));
    }
    const last = lifespanEnd(layout, i);
    if (last >= 0) {
      const c = rgb[i];
      const a = Math.round(255 * (lineAlive[i] ? LIFESPAN_ALPHA.alive : LIFESPAN_ALPHA.extinct));
      segment(x[i], y[i], last, y[i], (c >> 16) & 255, (c >> 8) & 255, c & 255, a);
    }
  }
  return { from, to, end, side, colour, index, count };
}

/** Two triangles of one quad: six vertex numbers (0..3) offset by the quad's first vertex. */
function writeQuad(index: Uint32Array, at: number, base: number, a: number, b: number, c: number, d: number, e: number, f: number): void {
  index[at] = base + a;
  index[at + 1] = base + b;
  index[at + 2] = base + c;
  index[at + 3] = base + d;
  index[at + 4] = base + e;
  index[at + 5] = base + f;
}
