import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { CheckpointError } from './errors';
import { writeFileAtomic } from './atomicWrite';

// NumPy .npy format, version 1.0 written, 1.0 and 2.0 read:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
// Typed arrays are read and written in host byte order; every platform Node ships for
// is little-endian, which is what the '<' descriptors below declare.

export type NpyArray = Float32Array | Float64Array | Int32Array | Uint8Array | Uint32Array;
export type NpyDtype = '<f4' | '<f8' | '<i4' | '|u1' | '<u4';

/** A decoded .npy file: its elements in C (row-major) order, its shape and its dtype. */
export interface NpyContents {
  data: NpyArray;
  shape: number[];
  dtype: NpyDtype;
}

type NpyArrayConstructor = { new (buffer: ArrayBuffer): NpyArray; BYTES_PER_ELEMENT: number };

const CONSTRUCTORS: Record<NpyDtype, NpyArrayConstructor> = {
  '<f4': Float32Array,
  '<f8': Float64Array,
  '<i4': Int32Array,
  '|u1': Uint8Array,
  '<u4': Uint32Array,
};
// Byte order is meaningless for one-byte types, so numpy may also write these for uint8.
const DTYPE_ALIASES: Record<string, NpyDtype> = { '<u1': '|u1', '>u1': '|u1' };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
// numpy leaves room for the first axis to grow to this many digits when rewriting the
// header in place; copying it keeps our files byte-identical to np.save's.
const GROWTH_AXIS_MAX_DIGITS = 21;

function dtypeOf(data: NpyArray): NpyDtype {
  if (data instanceof Float32Array) return '<f4';
  if (data instanceof Float64Array) return '<f8';
  if (data instanceof Int32Array) return '<i4';
  if (data instanceof Uint8Array) return '|u1';
  if (data instanceof Uint32Array) return '<u4';
  throw new TypeError(`encodeNpy: unsupported array type ${Object.prototype.toString.call(data)}`);
}

/** Formats a shape as Python writes a tuple: `()`, `(3,)`, `(2, 3)`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

const elementCount = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

/** Encodes an array as a version 1.0 .npy file, byte-identical to numpy's `np.save`. */
export function encodeNpy(data: NpyArray, shape: readonly number[]): Uint8Array {
  const dtype = dtypeOf(data);
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new RangeError(`encodeNpy: shape ${formatShape(shape)} has dimension ${d}, expected non-negative integers`);
    }
  }
  if (elementCount(shape) !== data.length) {
    throw new RangeError(
      `encodeNpy: shape ${formatShape(shape)} holds ${elementCount(shape)} elements, data has ${data.length}`,
    );
  }
  let dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${formatShape(shape)}, }`;
  if (shape.length > 0) dict += ' '.repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  // As numpy: the prefix (magic, version, length, dict, '\n') ends on a 64-byte boundary,
  // and a dict that already lands on one still gets a full 64 spaces.
  const pad = ALIGN - ((MAGIC.length + 4 + dict.length + 1) % ALIGN);
  const header = `${dict}${' '.repeat(pad)}\n`;
  if (header.length > 0xffff) {
    throw new RangeError(`encodeNpy: header of ${header.length} bytes for shape ${formatShape(shape)} exceeds version 1.0's 65535`);
  }
  const prefixBytes = MAGIC.length + 4 + header.length;
  const out = new Uint8Array(prefixBytes + data.byteLength);
  out.set(MAGIC, 0);
  out.set([1, 0, header.length & 0xff, header.length >> 8], MAGIC.length);
  for (let i = 0; i < header.length; i++) out[MAGIC.length + 4 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), prefixBytes);
  return out;
}

function parseHeader(header: string, name: string): { dtype: NpyDtype; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!header.trimStart().startsWith('{') || descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new CheckpointError(
      `${name}: malformed .npy header ${JSON.stringify(header.trim())}, expected a dict with 'descr', 'fortran_order' and 'shape'`,
    );
  }
  if (fortran !== 'False') {
    throw new CheckpointError(`${name}: fortran_order ${fortran} is not supported, expected C order (fortran_order False)`);
  }
  const dtype = descr in CONSTRUCTORS ? (descr as NpyDtype) : DTYPE_ALIASES[descr];
  if (dtype === undefined) {
    throw new CheckpointError(`${name}: unsupported dtype '${descr}', expected one of ${Object.keys(CONSTRUCTORS).join(', ')}`);
  }
  const parts = shapeText.split(',').map((s) => s.trim());
  if (parts[parts.length - 1] === '') parts.pop(); // `(3,)` and `()`
  const shape = parts.map((p) => (/^\d+L?$/.test(p) ? Number.parseInt(p, 10) : Number.NaN));
  if (shape.some((d) => !Number.isSafeInteger(d))) {
    throw new CheckpointError(`${name}: malformed shape (${shapeText}) in .npy header, expected a tuple of non-negative integers`);
  }
  return { dtype, shape };
}

/**
 * Decodes a version 1.0 or 2.0 .npy buffer. `name` identifies the source in error messages.
 * The data is copied into a fresh typed array: the payload's offset inside `buf` need not be
 * a multiple of the element size, which a typed-array view requires.
 */
export function decodeNpy(buf: Uint8Array, name: string): NpyContents {
  if (MAGIC.some((b, i) => i < buf.length && buf[i] !== b)) {
    const found = Array.from(buf.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new CheckpointError(`${name}: bad magic bytes [${found}], expected 93 4e 55 4d 50 59 (\\x93NUMPY)`);
  }
  if (buf.length < 8) {
    throw new CheckpointError(`${name}: file of ${buf.length} bytes is too short for an .npy header`);
  }
  const major = buf[6];
  const minor = buf[7];
  if ((major !== 1 && major !== 2) || minor !== 0) {
    throw new CheckpointError(`${name}: unsupported .npy format version ${major}.${minor}, expected 1.0 or 2.0`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (buf.length < 8 + lengthBytes) {
    throw new CheckpointError(`${name}: file ends inside the .npy header length field (${buf.length} bytes)`);
  }
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  const dataStart = headerStart + headerLength;
  if (dataStart > buf.length) {
    throw new CheckpointError(
      `${name}: .npy header declares ${headerLength} bytes, but only ${buf.length - headerStart} follow the prefix`,
    );
  }
  const header = Buffer.from(buf.buffer, buf.byteOffset + headerStart, headerLength).toString('latin1');
  const { dtype, shape } = parseHeader(header, name);
  const Ctor = CONSTRUCTORS[dtype];
  const expectedBytes = elementCount(shape) * Ctor.BYTES_PER_ELEMENT;
  const foundBytes = buf.length - dataStart;
  if (foundBytes !== expectedBytes) {
    throw new CheckpointError(
      `${name}: expected ${expectedBytes} bytes of ${dtype} data for shape ${formatShape(shape)}, found ${foundBytes}`,
    );
  }
  const bytes = new Uint8Array(expectedBytes);
  bytes.set(buf.subarray(dataStart));
  return { data: new Ctor(bytes.buffer), shape, dtype };
}

/** Writes an array to `path` as a .npy file, atomically (see writeFileAtomic). */
export function writeNpy(path: string, data: NpyArray, shape: readonly number[]): void {
  writeFileAtomic(path, encodeNpy(data, shape));
}

/** Reads and validates the .npy file at `path`; errors name the path. */
export function readNpy(path: string): NpyContents {
  let buf: Uint8Array;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new CheckpointError(`readNpy: cannot read ${path}: ${(err as Error).message}`);
  }
  return decodeNpy(buf, path);
}
