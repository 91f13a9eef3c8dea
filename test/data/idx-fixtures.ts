import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Encodes an IDX file by hand (big-endian header, uint8 elements) so tests do not
 * trust the parser to check itself. `magic` overrides the computed magic number.
 */
export function encodeIdx(dims: number[], data: ArrayLike<number>, magic = 0x0800 + dims.length): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(Array.from(data))]);
}

export function makeTmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'quinarium-data-'));
}

export interface TinySetOptions {
  count?: number;
  labelCount?: number;
  rows?: number;
  cols?: number;
  labels?: number[];
  gzip?: boolean;
}

/** Writes one images/labels pair with pixel i = i mod 256 and label i = i mod 10 unless overridden. */
export function writeTinySet(dir: string, prefix: 'train' | 't10k', opts: TinySetOptions = {}): void {
  const { count = 3, rows = 2, cols = 2, gzip = false } = opts;
  const labelCount = opts.labelCount ?? count;
  const pixels = Array.from({ length: count * rows * cols }, (_, i) => i % 256);
  const labels = opts.labels ?? Array.from({ length: labelCount }, (_, i) => i % 10);
  const write = (name: string, buf: Buffer): void =>
    writeFileSync(join(dir, gzip ? `${name}.gz` : name), gzip ? gzipSync(buf) : buf);
  write(`${prefix}-images-idx3-ubyte`, encodeIdx([count, rows, cols], pixels));
  write(`${prefix}-labels-idx1-ubyte`, encodeIdx([labels.length], labels));
}
