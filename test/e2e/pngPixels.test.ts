import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pngEncode } from '../../src/report/svg/pngEncode';
import { decodePng, saturatedPixels, saturationNear } from './pngPixels';

/** A PNG whose row y uses filter y % 5 (None, Sub, Up, Average, Paeth), as encoders like Chromium's mix them. */
function filteredPng(width: number, height: number, pixels: Uint8Array): Buffer {
  const c = 4;
  const stride = width * c;
  const at = (y: number, x: number) => (y < 0 || x < 0 ? 0 : pixels[y * stride + x]);
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const filter = y % 5;
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const left = at(y, x - c);
      const up = at(y - 1, x);
      const upLeft = at(y - 1, x - c);
      const p = left + up - upLeft;
      const paeth = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - upLeft) ? left : Math.abs(p - up) <= Math.abs(p - upLeft) ? up : upLeft;
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter];
      raw[y * (stride + 1) + 1 + x] = (pixels[y * stride + x] - predictor) & 0xff;
    }
  }
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'ascii');
    return Buffer.concat([head, body, Buffer.alloc(4)]); // the decoder does not check CRCs
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('decodePng (the e2e screenshot reader)', () => {
  it('reads what pngEncode wrote', () => {
    const pixels = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
    const decoded = decodePng(Buffer.from(pngEncode({ width: 5, height: 3, channels: 3, pixels })));
    expect(decoded).toMatchObject({ width: 5, height: 3, channels: 3 });
    expect(Array.from(decoded.data)).toEqual(Array.from(pixels));
  });

  it('undoes all five row filters', () => {
    const width = 7;
    const height = 10;
    const pixels = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 97 + ((i * i) % 13)) % 256);
    const decoded = decodePng(filteredPng(width, height, pixels));
    expect(Array.from(decoded.data)).toEqual(Array.from(pixels));
  });

  it('counts saturated pixels only', () => {
    // grey, dark blue-grey background, a viridis yellow, a viridis purple
    const pixels = Uint8Array.from([128, 128, 128, 15, 20, 27, 253, 231, 37, 68, 1, 84]);
    const image = { width: 4, height: 1, channels: 3 as const, data: pixels };
    expect(saturatedPixels(image)).toBe(2);
    // masking the yellow pixel leaves the purple one
    expect(saturatedPixels(image, 60, [{ x: 2, y: 0, width: 1, height: 1 }])).toBe(1);
    expect(saturationNear(image, 0, 0, 1)).toBe(27 - 15); // grey and background only
    expect(saturationNear(image, 1, 0, 1)).toBe(253 - 37);
  });
});
