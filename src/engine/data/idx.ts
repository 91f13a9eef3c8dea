import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** A data file that could not be read or does not hold what its name promises. */
export class DataFileError extends Error {
  override name = 'DataFileError';
}

/** A parsed IDX tensor: its dimensions and its elements in row-major order. */
export interface IdxTensor {
  dims: number[];
  data: Uint8Array;
}

// IDX type codes (magic byte 2). MNIST and Fashion-MNIST only use unsigned bytes,
// so the others are named for the error message but not decoded.
const TYPE_NAMES: Record<number, string> = {
  0x08: 'uint8',
  0x09: 'int8',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};
const UINT8 = 0x08;

const hex32 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/**
 * Parses an IDX buffer (the MNIST file format): a big-endian magic number
 * `00 00 <type> <ndims>`, then `ndims` big-endian uint32 sizes, then the elements.
 * `name` identifies the source in error messages. The returned data is a view of `buf`.
 */
export function parseIdx(buf: Uint8Array, name: string): IdxTensor {
  if (buf.length < 4) {
    throw new DataFileError(`${name}: expected an IDX file of at least 4 bytes, found ${buf.length} bytes`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = view.getUint32(0);
  if (buf[0] !== 0 || buf[1] !== 0) {
    throw new DataFileError(`${name}: bad magic number ${hex32(magic)}, expected an IDX file (0x0000080X)`);
  }
  const typeCode = buf[2];
  if (typeCode !== UINT8) {
    const typeName = TYPE_NAMES[typeCode] ?? 'unknown';
    throw new DataFileError(
      `${name}: unsupported IDX element type 0x${typeCode.toString(16).padStart(2, '0')} (${typeName}) ` +
        `in magic number ${hex32(magic)}, expected 0x08 (uint8)`,
    );
  }
  const rank = buf[3];
  if (rank === 0) {
    throw new DataFileError(`${name}: IDX header declares 0 dimensions (magic ${hex32(magic)}), expected at least 1`);
  }
  const headerBytes = 4 + 4 * rank;
  if (buf.length < headerBytes) {
    throw new DataFileError(
      `${name}: expected a ${headerBytes}-byte IDX header for ${rank} dimensions, found only ${buf.length} bytes`,
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i));

  const expected = dims.reduce((product, d) => product * d, 1);
  const found = buf.length - headerBytes;
  if (found !== expected) {
    throw new DataFileError(
      `${name}: expected ${expected} bytes of data after the ${headerBytes}-byte header (${dims.join('×')}), found ${found}`,
    );
  }
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + headerBytes, found) };
}

const isGzip = (buf: Uint8Array): boolean => buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;

/** Reads and parses an IDX file, gunzipping it first when it is named `.gz` or starts with the gzip magic. */
export function readIdxFile(path: string): IdxTensor {
  let raw: Uint8Array;
  try {
    raw = readFileSync(path);
  } catch (err) {
    throw new DataFileError(`${path}: could not read IDX file: ${(err as Error).message}`, { cause: err });
  }
  if (path.endsWith('.gz') || isGzip(raw)) {
    try {
      raw = gunzipSync(raw);
    } catch (err) {
      throw new DataFileError(`${path}: expected gzip-compressed IDX data, but gunzip failed: ${(err as Error).message}`, {
        cause: err,
      });
    }
  }
  return parseIdx(raw, path);
}
