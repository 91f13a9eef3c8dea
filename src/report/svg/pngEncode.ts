import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32';

// A minimal PNG writer (8-bit RGB or RGBA, no filtering, no interlace) so heatmaps can be
// embedded in SVG as one <image> instead of one <rect> per weight. Node only: it uses
// node:zlib for the deflate stream.

export interface PngImage {
  width: number;
  height: number;
  /** 3 for RGB, 4 for RGBA. */
  channels: 3 | 4;
  /** Row-major pixels, `channels` bytes each: width · height · channels bytes. */
  pixels: Uint8Array;
  /**
   * Text fields stored as iTXt chunks (UTF-8), e.g. Title, Software, Source: what a figure
   * shows, from which run and version, readable with any PNG metadata tool.
   */
  text?: Record<string, string>;
}

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
// PNG colour types: 2 = truecolour, 6 = truecolour with alpha.
const COLOUR_TYPE = { 3: 2, 4: 6 } as const;
const MAX_DIMENSION = 0x7fffffff; // PNG stores sizes as 31-bit unsigned integers.

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  // The CRC covers the chunk type and data but not the length.
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** iTXt chunks: keyword (1–79 Latin-1 characters), NUL, uncompressed, no language, NUL, NUL, UTF-8 text. */
function textChunks(text: Record<string, string>): Uint8Array[] {
  return Object.entries(text).map(([keyword, value]) => {
    if (!/^[\x20-\x7e]{1,79}$/.test(keyword) || keyword !== keyword.trim()) {
      throw new RangeError(`pngEncode: expected a text keyword of 1–79 printable ASCII characters without edge spaces, got "${keyword}"`);
    }
    const body = new TextEncoder().encode(value);
    const data = new Uint8Array(keyword.length + 5 + body.length);
    for (let i = 0; i < keyword.length; i++) data[i] = keyword.charCodeAt(i);
    // After the keyword: NUL, compression flag 0, method 0, empty language tag (NUL), empty translated keyword (NUL).
    data.set(body, keyword.length + 5);
    return chunk('iTXt', data);
  });
}

/** Encodes pixels as a PNG file. */
export function pngEncode(image: PngImage): Uint8Array {
  const { width, height, channels, pixels } = image;
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > MAX_DIMENSION) {
      throw new RangeError(`pngEncode: expected ${name} to be an integer in 1..${MAX_DIMENSION}, got ${value}`);
    }
  }
  if (channels !== 3 && channels !== 4) {
    throw new RangeError(`pngEncode: expected channels to be 3 (RGB) or 4 (RGBA), got ${channels}`);
  }
  const rowBytes = width * channels;
  if (pixels.length !== rowBytes * height) {
    throw new RangeError(
      `pngEncode: expected ${width}×${height}×${channels} = ${rowBytes * height} pixel bytes, got ${pixels.length}`,
    );
  }

  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = COLOUR_TYPE[channels];
  // bytes 10..12: compression 0 (deflate), filter method 0, interlace 0 (none)

  // Each scanline is prefixed with its filter type; 0 (None) keeps the writer trivial,
  // and deflate still compresses the large flat areas of a heatmap well.
  const raw = new Uint8Array((rowBytes + 1) * height);
  for (let row = 0; row < height; row++) {
    raw.set(pixels.subarray(row * rowBytes, (row + 1) * rowBytes), row * (rowBytes + 1) + 1);
  }
  const parts = [SIGNATURE, chunk('IHDR', header), ...textChunks(image.text ?? {}), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** The PNG as a data URI for an SVG <image> href. */
export function pngDataUri(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;
}
