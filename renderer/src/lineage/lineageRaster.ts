import type { ViewTransform } from './viewTransform';

/**
 * The level of detail for lineages too large to draw point by point: the extinct
 * lineages' nodes are binned into the view's pixels on the CPU and shown as one
 * texture. Under SwiftShader every primitive costs about a microsecond to set up, so
 * a 320,000-node run (10,000 generations × 32) drawn whole would take ~0.6 s a frame;
 * binning 300,000 points is a few milliseconds of plain array work, and at that zoom
 * more than one node falls in each pixel column anyway. Surviving lineages (and the
 * highlights) are still drawn as points and lines over it.
 */

/** Most primitives (points and segments) drawn one by one; above it the extinct lineages are rasterised. */
export const LOD_PRIMITIVES = 120_000;

/**
 * Bins points (layout units, straight RGBA bytes) into a premultiplied RGBA image of
 * `width` × `height` device pixels: one node in a pixel shows at its own alpha, k nodes
 * at 1 − (1 − α)^k (as k faint discs drawn over each other would), in the colour of the
 * last one. Returns how many points fell inside the image.
 */
export function rasterisePoints(
  points: { position: Float32Array; colour: Uint8Array; count: number },
  t: ViewTransform,
  ratio: number,
  width: number,
  height: number,
  out: Uint8Array,
  counts: Uint16Array,
): number {
  if (out.length < 4 * width * height || counts.length < width * height) throw new RangeError(`rasterisePoints: buffers hold fewer than ${width}×${height} pixels`);
  counts.fill(0, 0, width * height);
  out.fill(0, 0, 4 * width * height);
  const { position, colour } = points;
  const sx = t.zx * ratio, sy = t.zy * ratio, ox = t.tx * ratio, oy = t.ty * ratio;
  let inside = 0;
  for (let k = 0; k < points.count; k++) {
    const px = Math.floor(position[2 * k] * sx + ox);
    const py = Math.floor(position[2 * k + 1] * sy + oy);
    if (px < 0 || py < 0 || px >= width || py >= height) continue;
    const p = py * width + px;
    if (counts[p] < 65535) counts[p]++;
    // The colour of the last node binned here (later generations are drawn later).
    out[4 * p] = colour[4 * k];
    out[4 * p + 1] = colour[4 * k + 1];
    out[4 * p + 2] = colour[4 * k + 2];
    out[4 * p + 3] = colour[4 * k + 3];
    inside++;
  }
  for (let p = 0; p < width * height; p++) {
    const n = counts[p];
    if (!n) continue;
    const a = 1 - (1 - out[4 * p + 3] / 255) ** n;
    out[4 * p] = Math.round(out[4 * p] * a);
    out[4 * p + 1] = Math.round(out[4 * p + 1] * a);
    out[4 * p + 2] = Math.round(out[4 * p + 2] * a);
    out[4 * p + 3] = Math.round(255 * a);
  }
  return inside;
}
