import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataFileError, parseIdx, readIdxFile } from '../../src/engine/data/idx';
import { encodeIdx, makeTmpDir } from './idx-fixtures';

describe('parseIdx', () => {
  it('reads dims and data of a 3-D uint8 tensor', () => {
    const parsed = parseIdx(encodeIdx([2, 3, 4], Array.from({ length: 24 }, (_, i) => i * 10)), 'tiny');
    expect(parsed.dims).toEqual([2, 3, 4]);
    expect(Array.from(parsed.data)).toEqual(Array.from({ length: 24 }, (_, i) => i * 10));
  });

  it('reads big-endian dimensions above 255', () => {
    const parsed = parseIdx(encodeIdx([300], new Array(300).fill(7)), 'labels');
    expect(parsed.dims).toEqual([300]);
    expect(parsed.data.length).toBe(300);
  });

  it('rejects a buffer shorter than the magic number', () => {
    expect(() => parseIdx(new Uint8Array([0, 0, 8]), 'stub')).toThrow(/stub: .*at least 4 bytes, found 3/);
  });

  it('rejects a magic number whose first two bytes are not zero', () => {
    const buf = encodeIdx([1], [0], 0x12345678);
    expect(() => parseIdx(buf, 'train-images-idx3-ubyte')).toThrow(DataFileError);
    expect(() => parseIdx(buf, 'train-images-idx3-ubyte')).toThrow(
      /^train-images-idx3-ubyte: bad magic number 0x12345678, expected an IDX file \(0x0000080X\)$/,
    );
  });

  it('rejects element types other than uint8, naming the type', () => {
    expect(() => parseIdx(encodeIdx([1], [0, 0, 0, 0], 0x0d01), 'floats')).toThrow(
      /floats: unsupported IDX element type 0x0d \(float32\).*expected 0x08 \(uint8\)/,
    );
  });

  it('rejects a header cut short before its dimensions end', () => {
    const buf = encodeIdx([60000, 28, 28], []).subarray(0, 10);
    expect(() => parseIdx(buf, 'cut')).toThrow(/cut: expected a 16-byte IDX header for 3 dimensions, found only 10 bytes/);
  });

  it('rejects truncated data with the expected and found byte counts', () => {
    const buf = encodeIdx([60000, 28, 28], new Array(1000).fill(0));
    expect(() => parseIdx(buf, 'train-images-idx3-ubyte')).toThrow(
      /train-images-idx3-ubyte: expected 47040000 bytes of data .*\(60000×28×28\), found 1000$/,
    );
  });

  it('rejects trailing bytes after the data', () => {
    const buf = encodeIdx([2, 2], [1, 2, 3, 4, 5]);
    expect(() => parseIdx(buf, 'long')).toThrow(/long: expected 4 bytes of data .*\(2×2\), found 5/);
  });

  it('returns a view of the input rather than a copy', () => {
    const buf = encodeIdx([3], [1, 2, 3]);
    const parsed = parseIdx(buf, 'view');
    buf[buf.length - 1] = 99;
    expect(parsed.data[2]).toBe(99);
  });
});

describe('readIdxFile', () => {
  const tensor = encodeIdx([2, 3], [0, 1, 2, 253, 254, 255]);

  it('reads a plain file', () => {
    const path = join(makeTmpDir(), 'plain-idx1-ubyte');
    writeFileSync(path, tensor);
    expect(readIdxFile(path)).toEqual({ dims: [2, 3], data: new Uint8Array([0, 1, 2, 253, 254, 255]) });
  });

  it('round-trips a gzip file named .gz', () => {
    const path = join(makeTmpDir(), 'tiny-idx2-ubyte.gz');
    writeFileSync(path, gzipSync(tensor));
    const parsed = readIdxFile(path);
    expect(parsed.dims).toEqual([2, 3]);
    expect(Array.from(parsed.data)).toEqual([0, 1, 2, 253, 254, 255]);
  });

  it('detects gzip by its magic bytes when the name has no .gz suffix', () => {
    const path = join(makeTmpDir(), 'compressed-without-suffix');
    writeFileSync(path, gzipSync(tensor));
    expect(Array.from(readIdxFile(path).data)).toEqual([0, 1, 2, 253, 254, 255]);
  });

  it('names the file when a .gz file is not gzip data', () => {
    const path = join(makeTmpDir(), 'fake.gz');
    writeFileSync(path, tensor);
    expect(() => readIdxFile(path)).toThrow(/fake\.gz: expected gzip-compressed IDX data, but gunzip failed/);
  });

  it('names the file in parse errors and when the file is missing', () => {
    const dir = makeTmpDir();
    writeFileSync(join(dir, 'bad'), encodeIdx([5], [1, 2]));
    expect(() => readIdxFile(join(dir, 'bad'))).toThrow(/bad: expected 5 bytes of data .*found 2/);
    expect(() => readIdxFile(join(dir, 'absent'))).toThrow(/absent: could not read IDX file/);
  });
});
