import type { ViewTransform } from './viewTransform';

/**
 * The level of detail for lineages too large to draw primitive by primitive: the
 * whole picture is rasterised on the CPU into the view's pixels and shown as one
 * texture. Under SwiftShader every primitive costs about a microsecond to set up, so
 * a 320,000-node run (10,000 generations × 32: ~10⁶ points and segments) drawn whole
 * takes most of a second a frame; binning its points and walking its surviving
 * edges pixel by pixel is plain array work of a few milliseconds, and at that zoom
 * many nodes share each pixel column anyway. Extinct lineages become a density (k
 * faint nodes in a pixel show as k faint discs drawn over each other would), the
 * survivors' ancestry is drawn over it as 1-pixel lines and dots.
 */

/** Most primitives (points and segments) drawn one by one; above it the view is rasterised. */
export const LOD_PRIMITIVES = 60_000;

/** Points in layout units with straight RGBA bytes (4 per point). */
export interface RasterPoints { position: Float32Array; colour: Uint8Array; count: number }
/** Segments x0, y0, x1, y1 in layout units with premultiplied RGBA bytes (8 per segment: both vertices alike). */
export interface RasterSegments { position: Float32Array; colour: Uint8Array; count: number }

export interface RasterLayers {
  /** Extinct lineages' nodes: binned into a density. */
  extinct: RasterPoints;
  /** The survivors' ancestry: its edges and lifespans, then its nodes, drawn over the density. */
  aliveSegments: RasterSegments;
  alive: RasterPoints;
}

/** Source-over of a premultiplied colour (r, g, b, a in 0..255) onto pixel p. */
function over(out: Uint8Array, p: number, r: number, g: number, b: number, a: number): void {
  const keep = 1 - a / 255;
  out[4 * p] = r + out[4 * p] * keep;
  out[4 * p + 1] = g + out[4 * p + 1] * keep;
  out[4 * p + 2] = b + out[4 * p + 2] * keep;
  out[4 * p + 3] = a + out[4 * p + 3] * keep;
}

/**
 * Rasterises the layers into a premultiplied RGBA image of `width` × `height` device
 * pixels (`ratio` device pixels per CSS pixel). Returns how many points fell inside.
 */
export function rasteriseLineage(layers: RasterLayers, t: ViewTransform, ratio: number, width: number, height: number, out: Uint8Array, counts: Uint16Array): number {
  if (out.length < 4 * width * height || counts.length < width * height) throw new RangeError(`rasteriseLineage: buffers hold fewer than ${width}×${height} pixels`);
  counts.fill(0, 0, width * height);
  out.fill(0, 0, 4 * width * height);
  const sx = t.zx * ratio, sy = t.zy * ratio, ox = t.tx * ratio, oy = t.ty * ratio;
  let inside = 0;
  // Extinct nodes: count per pixel, keep the colour of the last (the newest generation binned there).
  // Only the pixels touched are revisited (a fitted 320,000-node run touches a tenth of the view).
  const e = layers.extinct;
  const touched: number[] = [];
  for (let k = 0; k < e.count; k++) {
    const fx = e.position[2 * k] * sx + ox;
    const fy = e.position[2 * k + 1] * sy + oy;
    if (!(fx >= 0 && fy >= 0 && fx < width && fy < height)) continue;
    const p = (fy | 0) * width + (fx | 0);
    if (counts[p] === 0) touched.push(p);
    if (counts[p] < 65535) counts[p]++;
    out[4 * p] = e.colour[4 * k];
    out[4 * p + 1] = e.colour[4 * k + 1];
    out[4 * p + 2] = e.colour[4 * k + 2];
    out[4 * p + 3] = e.colour[4 * k + 3];
    inside++;
  }
  // Opacity of n nodes of alpha α stacked: 1 − (1 − α)^n, tabulated per α for small n.
  const table = new Map<number, Float32Array>();
  for (const p of touched) {
    const n = counts[p];
    const alpha = out[4 * p + 3];
    let row = table.get(alpha);
    if (!row) {
      row = new Float32Array(64);
      for (let i = 1; i < 64; i++) row[i] = 1 - (1 - alpha / 255) ** i;
      table.set(alpha, row);
    }
    const a = n < 64 ? row[n] : 1 - (1 - alpha / 255) ** n;
    out[4 * p] = out[4 * p] * a;
    out[4 * p + 1] = out[4 * p + 1] * a;
    out[4 * p + 2] = out[4 * p + 2] * a;
    out[4 * p + 3] = 255 * a;
  }
  // Surviving edges and lifespans: one pixel per step along the longer axis, clipped to the image.
  const s = layers.aliveSegments;
  for (let k = 0; k < s.count; k++) {
    let x0 = s.position[4 * k] * sx + ox, y0 = s.position[4 * k + 1] * sy + oy;
    let x1 = s.position[4 * k + 2] * sx + ox, y1 = s.position[4 * k + 3] * sy + oy;
    if ((x0 < 0 && x1 < 0) || (y0 < 0 && y1 < 0) || (x0 >= width && x1 >= width) || (y0 >= height && y1 >= height)) continue;
    // Clip the x span (long lifespans and edges cross the whole view when zoomed in).
    if (x1 < x0) [x0, y0, x1, y1] = [x1, y1, x0, y0];
    if (x0 < 0 && x1 > x0) { y0 += ((0 - x0) * (y1 - y0)) / (x1 - x0); x0 = 0; }
    if (x1 > width - 1 && x1 > x0) { y1 = y0 + ((width - 1 - x0) * (y1 - y0)) / (x1 - x0); x1 = width - 1; }
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const r = s.colour[8 * k], g = s.colour[8 * k + 1], b = s.colour[8 * k + 2], a = s.colour[8 * k + 3];
    let last = -1;
    for (let i = 0; i <= steps; i++) {
      const px = Math.floor(x0 + ((x1 - x0) * i) / steps), py = Math.floor(y0 + ((y1 - y0) * i) / steps);
      if (px < 0 || py < 0 || px >= width || py >= height) continue;
      const p = py * width + px;
      if (p === last) continue;
      last = p;
      over(out, p, r, g, b, a);
    }
  }
  // Surviving nodes: opaque dots of 2×2 device pixels, so a single survivor stays visible.
  const v = layers.alive;
  for (let k = 0; k < v.count; k++) {
    const px = Math.floor(v.position[2 * k] * sx + ox), py = Math.floor(v.position[2 * k + 1] * sy + oy);
    if (px < -1 || py < -1 || px >= width || py >= height) continue;
    const a = v.colour[4 * k + 3];
    const r = (v.colour[4 * k] * a) / 255, g = (v.colour[4 * k + 1] * a) / 255, b = (v.colour[4 * k + 2] * a) / 255;
    for (let d = 0; d < 4; d++) {
      const qx = px + (d & 1), qy = py + (d >> 1);
      if (qx >= 0 && qy >= 0 && qx < width && qy < height) over(out, qy * width + qx, r, g, b, a);
    }
    inside++;
  }
  return inside;
}
