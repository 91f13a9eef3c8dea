import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/engine/store/errors';
import { decodeNpy, encodeNpy, formatShape, readNpy, writeNpy, type NpyArray } from '../../src/engine/store/npy';

// Reference files produced once with numpy 2.4.6, `np.save(io.BytesIO(), arr)`, base64-encoded.
const NUMPY_FILES = {
  f4_3: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIA/AAAAQAAAQEA=',
  f8_0d: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAEQA==',
  i4_2x3: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAA/v///wMAAAAEAAAABQAAAPr///8=',
  u1_4: 'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDQsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAf7/',
  u4_2: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPHU0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAAA/////w==',
  // format.write_array(f, np.array([1.5, -2.0], '<f4'), version=(2, 0))
  f4_2_v2: 'k05VTVBZAgB0AAAAeydkZXNjcic6ICc8ZjQnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwA==',
  // np.asfortranarray(np.arange(6, dtype='<f4').reshape(2, 3))
  f4_2x3_fortran: 'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwgMyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAABAQAAAgD8AAIBAAAAAQAAAoEA=',
};
const numpyBytes = (key: keyof typeof NUMPY_FILES): Uint8Array => new Uint8Array(Buffer.from(NUMPY_FILES[key], 'base64'));
const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

/** Replaces header text in an encoded file by text of the same length, keeping the layout valid. */
function patchHeader(bytes: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const text = latin1(bytes);
  const at = text.indexOf(from);
  expect(at).toBeGreaterThan(0);
  const out = bytes.slice();
  out.set(Buffer.from(to, 'latin1'), at);
  return out;
}

describe('encodeNpy matches numpy byte for byte', () => {
  const cases: [keyof typeof NUMPY_FILES, NpyArray, number[]][] = [
    ['f4_3', new Float32Array([1, 2, 3]), [3]],
    ['f8_0d', new Float64Array([2.5]), []],
    ['i4_2x3', new Int32Array([1, -2, 3, 4, 5, -6]), [2, 3]],
    ['u1_4', new Uint8Array([0, 1, 254, 255]), [4]],
    ['u4_2', new Uint32Array([1, 4294967295]), [2]],
  ];
  it.each(cases)('%s', (key, data, shape) => {
    expect(encodeNpy(data, shape)).toEqual(numpyBytes(key));
    const decoded = decodeNpy(numpyBytes(key), key);
    expect(decoded.shape).toEqual(shape);
    expect(decoded.data).toEqual(data);
  });

  it('writes the float32 (3,) header numpy writes: 118 header bytes, 128-byte prefix', () => {
    const bytes = encodeNpy(new Float32Array([1, 2, 3]), [3]);
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
    expect(latin1(bytes.subarray(0, 8))).toBe('\x93NUMPY\x01\x00');
    expect(bytes[8] | (bytes[9] << 8)).toBe(118);
    expect(latin1(bytes.subarray(10, 128))).toBe(dict + ' '.repeat(118 - dict.length - 1) + '\n');
    expect(bytes.length).toBe(128 + 12);
  });

  it('grows the prefix to 192 bytes when the dict plus numpy growth room passes 128', () => {
    // numpy's write_array_header_1_0 for this shape gives header length 0xb6 = 182.
    const shape = [1, 10000000000, 0, 10000000000, 10000000000];
    const bytes = encodeNpy(new Int32Array(0), shape);
    const dict = "{'descr': '<i4', 'fortran_order': False, 'shape': (1, 10000000000, 0, 10000000000, 10000000000), }";
    expect(bytes.length).toBe(192);
    expect(bytes[8] | (bytes[9] << 8)).toBe(182);
    expect(latin1(bytes.subarray(10))).toBe(dict + ' '.repeat(182 - dict.length - 1) + '\n');
  });
});

describe('decodeNpy', () => {
  it('reads a version 2.0 file', () => {
    const { data, shape, dtype } = decodeNpy(numpyBytes('f4_2_v2'), 'v2.npy');
    expect(dtype).toBe('<f4');
    expect(shape).toEqual([2]);
    expect(Array.from(data)).toEqual([1.5, -2]);
  });

  it('copies data that sits at an unaligned offset into an aligned array', () => {
    const file = encodeNpy(new Float64Array([Math.PI, -0, Number.NaN]), [3]);
    const host = new Uint8Array(file.length + 3);
    host.set(file, 3);
    const { data } = decodeNpy(host.subarray(3), 'odd.npy');
    expect(data.byteOffset).toBe(0);
    expect(Array.from(data)).toEqual([Math.PI, -0, Number.NaN]);
    expect(Object.is(data[1], -0)).toBe(true);
  });
});

describe('round trip for every dtype and rank', () => {
  const arrays: Record<string, (n: number) => NpyArray> = {
    '<f4': (n) => Float32Array.from({ length: n }, (_, i) => (i - 2.5) / 3),
    '<f8': (n) => Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 1e300),
    '<i4': (n) => Int32Array.from({ length: n }, (_, i) => (i % 2 ? -2147483648 : 2147483647 - i)),
    '|u1': (n) => Uint8Array.from({ length: n }, (_, i) => (i * 97) % 256),
    '<u4': (n) => Uint32Array.from({ length: n }, (_, i) => 4294967295 - i),
  };
  const shapes = [[], [0], [7], [2, 3], [2, 0, 4], [1, 2, 3, 2]];
  for (const [dtype, make] of Object.entries(arrays)) {
    it.each(shapes.map((s) => [formatShape(s), s] as const))(`${dtype} %s`, (_label, shape) => {
      const data = make(shape.reduce((n, d) => n * d, 1));
      const decoded = decodeNpy(encodeNpy(data, shape), 'x.npy');
      expect(decoded.dtype).toBe(dtype);
      expect(decoded.shape).toEqual(shape);
      expect(decoded.data.constructor).toBe(data.constructor);
      expect(decoded.data).toEqual(data);
    });
  }

  it('formats shapes as Python tuples', () => {
    expect([[], [3], [2, 3]].map(formatShape)).toEqual(['()', '(3,)', '(2, 3)']);
  });
});

describe('malformed .npy files are CheckpointErrors naming the file and the problem', () => {
  const good = encodeNpy(new Float32Array([1, 2, 3]), [3]);
  const decode = (bytes: Uint8Array) => () => decodeNpy(bytes, 'theta.npy');

  it('bad magic', () => {
    const bytes = good.slice();
    bytes[1] = 0x4f;
    expect(decode(bytes)).toThrow(CheckpointError);
    expect(decode(bytes)).toThrow(/^theta\.npy: bad magic bytes \[93 4f 55 4d 50 59\]/);
    expect(decode(new TextEncoder().encode('PK\x03\x04zip'))).toThrow(/theta\.npy: bad magic bytes \[50 4b 03 04/);
  });

  it('empty or truncated prefix', () => {
    expect(decode(new Uint8Array(0))).toThrow(/theta\.npy: file of 0 bytes is too short/);
    expect(decode(good.subarray(0, 60))).toThrow(/theta\.npy: \.npy header declares 118 bytes, but only 50 follow/);
  });

  it('unsupported version', () => {
    const bytes = good.slice();
    bytes[6] = 3;
    expect(decode(bytes)).toThrow(/theta\.npy: unsupported \.npy format version 3\.0, expected 1\.0 or 2\.0/);
  });

  it('fortran order, from a real numpy file', () => {
    expect(decode(numpyBytes('f4_2x3_fortran'))).toThrow(CheckpointError);
    expect(decode(numpyBytes('f4_2x3_fortran'))).toThrow(/theta\.npy: fortran_order True is not supported/);
  });

  it('unsupported dtypes', () => {
    expect(decode(patchHeader(good, "'<f4'", "'>f4'"))).toThrow(/theta\.npy: unsupported dtype '>f4', expected one of <f4, <f8/);
    expect(decode(patchHeader(good, "'<f4'", "'<f2'"))).toThrow(/unsupported dtype '<f2'/);
  });

  it('a header that is not an npy dict', () => {
    expect(decode(patchHeader(good, "'shape'", "'shope'"))).toThrow(/theta\.npy: malformed \.npy header .*'shape'/);
    expect(decode(patchHeader(good, '(3,)', '(x,)'))).toThrow(/theta\.npy: malformed shape \(x,\)/);
  });

  it('data shorter or longer than the shape says', () => {
    const theta = encodeNpy(new Float32Array(20100), [20100]);
    const short = theta.subarray(0, 128 + 400);
    expect(decode(short)).toThrow(CheckpointError);
    expect(decode(short)).toThrow(/^theta\.npy: expected 80400 bytes of <f4 data for shape \(20100,\), found 400$/);
    const long = new Uint8Array(good.length + 1);
    long.set(good);
    expect(decode(long)).toThrow(/expected 12 bytes of <f4 data for shape \(3,\), found 13/);
  });

  it('encodeNpy refuses a shape that does not match the data', () => {
    expect(() => encodeNpy(new Float32Array(5), [2, 3])).toThrow(/encodeNpy: shape \(2, 3\) holds 6 elements, data has 5/);
    expect(() => encodeNpy(new Float32Array(0), [-1])).toThrow(/encodeNpy: shape \(-1,\) has dimension -1/);
  });
});

describe('writeNpy / readNpy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quinarium-npy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through a file and leaves only that file', () => {
    const path = join(dir, 'theta.npy');
    const theta = Float32Array.from({ length: 101 }, (_, i) => i / 7);
    writeNpy(path, theta, [101]);
    const read = readNpy(path);
    expect(read.shape).toEqual([101]);
    expect(read.data).toEqual(theta);
    expect(readdirSync(dir)).toEqual(['theta.npy']);
  });

  it('names the path when the file is missing or corrupt', () => {
    expect(() => readNpy(join(dir, 'absent.npy'))).toThrow(/readNpy: cannot read .*absent\.npy/);
    const path = join(dir, 'junk.npy');
    writeFileSync(path, 'not numpy');
    expect(() => readNpy(path)).toThrow(/junk\.npy: bad magic bytes/);
  });
});
