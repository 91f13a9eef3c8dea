import type { LineageLayout } from './lineageLayout';

/**
 * Vertex data for the lineage meshes, built from a LineageLayout's arrays with no
 * GPU or DOM in sight (so it is tested in node). Each node is one point sprite the
 * shader sizes in pixels; each parent→child edge or lifespan bar one line segment.
 *
 * Why so few primitives, and why chunks: SwiftShader (the WebGL of headless and
 * GPU-less machines) spends about a microsecond on every primitive it sets up,
 * whatever its size — points, lines and triangles alike — so a frame's cost follows
 * the number of primitives drawn. Edges are therefore one line each rather than a
 * two-triangle quad, and both kinds are cut into chunks of neighbouring generations
 * with their bounds, so that a zoomed-in view draws only the chunks it can see.
 * (Instancing is no way out: SwiftShader runs an instanced draw as one draw per
 * instance, measured 30× slower at 10,000 nodes.)
 */

/** Edge colours (RGB) and alphas: surviving lineages bright, extinct ones faint. */
export const EDGE_STYLE = {
  alive: { rgb: [0xa8, 0xbc, 0xcf] as const, alpha: 0.55 },
  extinct: { rgb: [0x6b, 0x7a, 0x8a] as const, alpha: 0.16 },
};

/** Lifespan bars take the individual's own colour at these alphas (living lineage, extinct). */
export const LIFESPAN_ALPHA = { alive: 0.5, extinct: 0.12 };

/**
 * Most primitives in one chunk. Smaller chunks cull more closely but cost a draw
 * call each; around a thousand keeps the draw calls of a whole 50,000-node view
 * near a hundred while a view zoomed onto a tenth of the run draws little more
 * than that tenth.
 */
export const CHUNK_PRIMITIVES = 1024;

/** A run of consecutive primitives in draw order and the layout-space box that holds them. */
export interface PrimitiveChunk {
  /** First primitive (point or segment) of the chunk. */
  start: number;
  /** Primitives in the chunk. */
  count: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export interface NodePoints {
  /** Node centres in layout units (x = generation, y = slot). */
  position: Float32Array;
  /** Replication fidelity in [0, 1]; the disc's radius grows with it. */
  size: Float32Array;
  /** RGBA bytes: accuracy colour, alpha faded for extinct lineages (straight, not premultiplied). */
  colour: Uint8Array;
  /** Layout index drawn as point k. */
  order: Int32Array;
  chunks: PrimitiveChunk[];
  /** Points [0, extinct) belong to extinct lineages (drawn first); the level-of-detail raster draws these when there are too many. */
  extinct: number;
}

/**
 * Segments to draw: every parent→child link, and a lifespan bar for each individual
 * that lived through more than its birth generation (an elite, a survivor), from
 * its node to the last generation it lived in, so long lives read as long.
 */
export interface EdgeLines {
  /** Both ends of each segment in layout units: x0, y0, x1, y1 (parent or individual first). */
  position: Float32Array;
  /** Premultiplied RGBA bytes, the same on both vertices of a segment. */
  colour: Uint8Array;
  count: number;
  chunks: PrimitiveChunk[];
  /** Segments [0, extinct) belong to extinct lineages. */
  extinct: number;
}

/**
 * Layout indices with extinct lineages first, then surviving ones, so survivors are
 * drawn on top; within each group by generation (ties in arrival order), so chunks
 * of consecutive nodes cover narrow spans of time.
 */
export function drawOrder(layout: LineageLayout): Int32Array {
  const n = layout.count;
  const { lineAlive, x, shown } = layout;
  let minX = Infinity, maxX = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]);
    maxX = Math.max(maxX, x[i]);
  }
  // Counting sort on the generation, stable, with extinct nodes in the lower half of the keys.
  const span = n ? Math.floor(maxX) - Math.floor(minX) + 1 : 0;
  const key = (i: number) => (lineAlive[i] ? span : 0) + Math.floor(x[i]) - Math.floor(minX);
  const starts = new Int32Array(2 * span + 1);
  let drawn = 0;
  for (let i = 0; i < n; i++) {
    if (!shown[i]) continue; // hidden by the filter (survivors' ancestry only)
    starts[key(i) + 1]++;
    drawn++;
  }
  for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
  const order = new Int32Array(drawn);
  for (let i = 0; i < n; i++) if (shown[i]) order[starts[key(i)]++] = i;
  return order;
}

/** Splits `count` primitives into chunks that never straddle `groupEnd` (the first surviving one). */
function chunkBounds(count: number, groupEnd: number, bounds: (k: number, box: PrimitiveChunk) => void): PrimitiveChunk[] {
  const chunks: PrimitiveChunk[] = [];
  for (let start = 0; start < count;) {
    const end = Math.min(count, start + CHUNK_PRIMITIVES, start < groupEnd ? groupEnd : count);
    const box: PrimitiveChunk = { start, count: end - start, minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
    for (let k = start; k < end; k++) bounds(k, box);
    chunks.push(box);
    start = end;
  }
  return chunks;
}

/** Whether any of a chunk's box lies inside a layout-space box (edges included). */
export function chunkInView(chunk: PrimitiveChunk, view: { minX: number; maxX: number; minY: number; maxY: number }): boolean {
  return chunk.maxX >= view.minX && chunk.minX <= view.maxX && chunk.maxY >= view.minY && chunk.minY <= view.maxY;
}

function include(box: PrimitiveChunk, x: number, y: number): void {
  if (x < box.minX) box.minX = x;
  if (x > box.maxX) box.maxX = x;
  if (y < box.minY) box.minY = y;
  if (y > box.maxY) box.maxY = y;
}

/** The node points of a laid-out lineage (call layout.update() first). */
export function buildNodePoints(layout: LineageLayout): NodePoints {
  const order = drawOrder(layout);
  const n = order.length;
  const position = new Float32Array(2 * n);
  const size = new Float32Array(n);
  const colour = new Uint8Array(4 * n);
  const { x, y, colour: rgb, alpha, size: fidelity, lineAlive } = layout;
  let extinct = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (!lineAlive[i]) extinct = k + 1;
    position[2 * k] = x[i];
    position[2 * k + 1] = y[i];
    size[k] = fidelity[i];
    const c = rgb[i];
    colour[4 * k] = (c >> 16) & 255;
    colour[4 * k + 1] = (c >> 8) & 255;
    colour[4 * k + 2] = c & 255;
    colour[4 * k + 3] = Math.round(255 * alpha[i]);
  }
  const chunks = chunkBounds(n, extinct, (k, box) => include(box, position[2 * k], position[2 * k + 1]));
  return { position, size, colour, order, chunks, extinct };
}

/** Last generation individual i lived in when beyond its birth generation, else -1 (no lifespan bar). */
function lifespanEnd(layout: LineageLayout, i: number): number {
  const died = layout.died[i];
  const last = died >= 0 ? died - 1 : layout.lastGeneration;
  return last > layout.x[i] ? last : -1;
}

/** The edge and lifespan segments (extinct lineages first, then by generation) of a laid-out lineage. */
export function buildEdgeLines(layout: LineageLayout): EdgeLines {
  const order = drawOrder(layout);
  const parent = layout.parentIndex;
  let count = 0;
  for (let k = 0; k < order.length; k++) {
    if (parent[order[k]] >= 0) count++;
    if (lifespanEnd(layout, order[k]) >= 0) count++;
  }
  const position = new Float32Array(4 * count);
  const colour = new Uint8Array(8 * count);
  const { x, y, lineAlive, colour: rgb } = layout;
  let e = 0;
  let extinct = 0;
  const segment = (x0: number, y0: number, x1: number, y1: number, r: number, g: number, b: number, alpha: number) => {
    position[4 * e] = x0;
    position[4 * e + 1] = y0;
    position[4 * e + 2] = x1;
    position[4 * e + 3] = y1;
    const a = Math.round(255 * alpha);
    for (let v = 8 * e; v < 8 * e + 8; v += 4) {
      colour[v] = Math.round(r * alpha);
      colour[v + 1] = Math.round(g * alpha);
      colour[v + 2] = Math.round(b * alpha);
      colour[v + 3] = a;
    }
    e++;
  };
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    const p = parent[i];
    if (p >= 0) {
      const style = lineAlive[i] ? EDGE_STYLE.alive : EDGE_STYLE.extinct;
      segment(x[p], y[p], x[i], y[i], style.rgb[0], style.rgb[1], style.rgb[2], style.alpha);
    }
    const last = lifespanEnd(layout, i);
    if (last >= 0) {
      const c = rgb[i];
      segment(x[i], y[i], last, y[i], (c >> 16) & 255, (c >> 8) & 255, c & 255, lineAlive[i] ? LIFESPAN_ALPHA.alive : LIFESPAN_ALPHA.extinct);
    }
    if (!lineAlive[i]) extinct = e;
  }
  const chunks = chunkBounds(count, extinct, (k, box) => {
    include(box, position[4 * k], position[4 * k + 1]);
    include(box, position[4 * k + 2], position[4 * k + 3]);
  });
  return { position, colour, count, chunks, extinct };
}
