/**
 * Just enough PNG decoding to look at screenshots' pixels (8-bit RGB/RGBA,
 * non-interlaced: what Chromium writes), so the e2e checks what was drawn,
 * not only the DOM.
 */
import { inflateSync } from 'node:zlib';

export interface Pixels { width: number; height: number; channels: 3 | 4; data: Uint8Array }

export function decodePng(png: Buffer): Pixels {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('decodePng: expected a PNG signature');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels: 3 | 4 = 4;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [bitDepth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (bitDepth !== 8 || (colourType !== 2 && colourType !== 6) || interlace !== 0) {
        throw new Error(`decodePng: expected 8-bit RGB(A) non-interlaced, got depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`);
      }
      channels = colourType === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? data[y * stride + x - channels] : 0;
      const up = y > 0 ? data[(y - 1) * stride + x] : 0;
      const upLeft = y > 0 && x >= channels ? data[(y - 1) * stride + x - channels] : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      data[y * stride + x] = (line[x] + predictor) & 0xff;
    }
  }
  return { width, height, channels, data };
}

/**
 * Pixels whose colour is clearly saturated (max − min channel above `threshold`):
 * the accuracy colours of lineage nodes, as opposed to the grey background, grid and text.
 */
export function saturatedPixels(p: Pixels, threshold = 60, exclude: readonly Rect[] = []): number {
  let count = 0;
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      if (exclude.some((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height)) continue;
      if (saturation(p, x, y) > threshold) count++;
    }
  }
  return count;
}

export interface Rect { x: number; y: number; width: number; height: number }

/** max − min channel of the pixel at (x, y). */
export function saturation(p: Pixels, x: number, y: number): number {
  const i = (y * p.width + x) * p.channels;
  const [r, g, b] = [p.data[i], p.data[i + 1], p.data[i + 2]];
  return Math.max(r, g, b) - Math.min(r, g, b);
}

/** The most saturated pixel within `radius` of (x, y): a drawn node there shows its colour. */
export function saturationNear(p: Pixels, x: number, y: number, radius: number): number {
  let best = 0;
  for (let yy = Math.max(0, Math.round(y) - radius); yy <= Math.min(p.height - 1, Math.round(y) + radius); yy++) {
    for (let xx = Math.max(0, Math.round(x) - radius); xx <= Math.min(p.width - 1, Math.round(x) + radius); xx++) {
      best = Math.max(best, saturation(p, xx, yy));
    }
  }
  return best;
}
