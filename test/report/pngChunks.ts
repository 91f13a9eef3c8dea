// Reads a PNG back for the tests, independently of the encoder: splits chunks, and
// decodes 8-bit RGB/RGBA images that use filter type 0 (all the encoder writes).
import { inflateSync } from 'node:zlib';

export interface PngChunk {
  type: string;
  data: Uint8Array;
  /** The CRC stored in the file. */
  crc: number;
  /** The bytes the CRC covers: chunk type then data. */
  crcInput: Uint8Array;
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function pngChunks(png: Uint8Array): PngChunk[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    chunks.push({
      type,
      data: png.subarray(offset + 8, offset + 8 + length),
      crc: view.getUint32(offset + 8 + length),
      crcInput: png.subarray(offset + 4, offset + 8 + length),
    });
    offset += 12 + length;
  }
  return chunks;
}

export interface DecodedPng {
  width: number;
  height: number;
  channels: number;
  /** Inflated IDAT stream: one filter byte then the row's pixels, per row. */
  raw: Uint8Array;
  pixel(x: number, y: number): number[];
}

export function decodePng(png: Uint8Array): DecodedPng {
  const chunks = pngChunks(png);
  const header = new DataView(chunks[0].data.buffer, chunks[0].data.byteOffset, 13);
  const width = header.getUint32(0);
  const height = header.getUint32(4);
  const channels = { 2: 3, 6: 4 }[chunks[0].data[9]] ?? 0;
  const idat = Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data));
  const raw = new Uint8Array(inflateSync(idat));
  const stride = 1 + width * channels;
  return {
    width,
    height,
    channels,
    raw,
    pixel: (x, y) => [...raw.subarray(y * stride + 1 + x * channels, y * stride + 1 + (x + 1) * channels)],
  };
}

/** The PNGs embedded as data URIs in an SVG's <image> elements, in document order. */
export function embeddedPngs(svg: string): Uint8Array[] {
  return [...svg.matchAll(/<image [^>]*href="data:image\/png;base64,([^"]+)"/g)].map((m) => new Uint8Array(Buffer.from(m[1], 'base64')));
}
