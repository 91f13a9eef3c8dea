import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/report/svg/crc32';
import { pngDataUri, pngEncode } from '../../src/report/svg/pngEncode';
import { decodePng, PNG_SIGNATURE, pngChunks } from './pngChunks';

// zlib.crc32 exists from Node 20.15; where it does, it is an independent reference.
const referenceCrc32 = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;

function gradient(width: number, height: number, channels: 3 | 4): Uint8Array {
  const pixels = new Uint8Array(width * height * channels);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + 11) & 0xff;
  return pixels;
}

describe('crc32', () => {
  it('matches the CRC-32 check value and, when available, zlib.crc32', () => {
    // The standard check value: CRC-32/ISO-HDLC of the ASCII digits "123456789".
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const data = gradient(50, 7, 3);
    if (referenceCrc32) expect(crc32(data)).toBe(referenceCrc32(data));
    // Continuing from a previous CRC equals the CRC of the concatenation.
    expect(crc32(data.subarray(100), crc32(data.subarray(0, 100)))).toBe(crc32(data));
  });
});

describe('pngEncode', () => {
  it.each([
    [3, 2],
    [4, 6],
  ] as const)('writes a valid %i-channel PNG (colour type %i)', (channels, colourType) => {
    const width = 13;
    const height = 5;
    const pixels = gradient(width, height, channels);
    const png = pngEncode({ width, height, channels, pixels });

    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const chunks = pngChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const ihdr = chunks[0];
    expect(ihdr.data.length).toBe(13);
    const view = new DataView(ihdr.data.buffer, ihdr.data.byteOffset, 13);
    expect(view.getUint32(0)).toBe(width);
    expect(view.getUint32(4)).toBe(height);
    expect([...ihdr.data.subarray(8)]).toEqual([8, colourType, 0, 0, 0]);
    for (const chunk of chunks) {
      if (referenceCrc32) expect(chunk.crc).toBe(referenceCrc32(chunk.crcInput));
      expect(chunk.crc).toBe(crc32(chunk.crcInput));
    }
    // IEND has no data, so its CRC is the CRC of "IEND" alone: a constant in every PNG.
    expect(chunks[2].crc).toBe(0xae426082);

    const decoded = decodePng(png);
    expect(decoded.raw.length).toBe(height * (1 + width * channels));
    for (let row = 0; row < height; row++) {
      const start = row * (1 + width * channels);
      expect(decoded.raw[start]).toBe(0);
      expect([...decoded.raw.subarray(start + 1, start + 1 + width * channels)]).toEqual([
        ...pixels.subarray(row * width * channels, (row + 1) * width * channels),
      ]);
    }
  });

  it('wraps the file in a base64 data URI', () => {
    const png = pngEncode({ width: 1, height: 1, channels: 3, pixels: Uint8Array.of(255, 0, 0) });
    const uri = pngDataUri(png);
    expect(uri.startsWith('data:image/png;base64,')).toBe(true);
    expect([...Buffer.from(uri.slice('data:image/png;base64,'.length), 'base64')]).toEqual([...png]);
  });

  it('names the argument that is wrong', () => {
    expect(() => pngEncode({ width: 0, height: 1, channels: 3, pixels: new Uint8Array(0) })).toThrow(
      /pngEncode: expected width to be an integer in 1\.\.\d+, got 0/,
    );
    expect(() => pngEncode({ width: 2, height: 2, channels: 3, pixels: new Uint8Array(11) })).toThrow(
      /pngEncode: expected 2×2×3 = 12 pixel bytes, got 11/,
    );
    expect(() => pngEncode({ width: 1, height: 1, channels: 2 as 3, pixels: new Uint8Array(2) })).toThrow(
      /pngEncode: expected channels to be 3 \(RGB\) or 4 \(RGBA\), got 2/,
    );
  });
});
