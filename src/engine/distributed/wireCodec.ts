import { createHash } from 'node:crypto';

/**
 * Job payloads and results as JSON for a queue, without losing anything a job's
 * numbers depend on: typed arrays keep their type and bytes, and NaN, ±Infinity and
 * −0 survive (JSON would turn a diverged individual's NaN into null). A typed array of
 * BLOB_BYTES or more travels as a reference to a content-addressed blob (its SHA-256),
 * stored once in Redis (blobStore.ts), so θ crosses the wire once per generation however
 * many jobs name it; smaller ones travel inline as base64. Encoding is deterministic
 * (keys in insertion order), so the encoded job hashes to a stable job id.
 */
export type Wire = null | boolean | number | string | Wire[] | { [key: string]: Wire };

/** Typed arrays at least this large travel as blobs (θ is 84,400 bytes; a metrics row never is). */
export const BLOB_BYTES = 1024;

const TYPES = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array,
} as const;
type TypeTag = keyof typeof TYPES;
type AnyTypedArray = InstanceType<(typeof TYPES)[TypeTag]>;

const NUMBERS: Record<string, number> = { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 };

function typeTag(v: ArrayBufferView): TypeTag | null {
  for (const [tag, ctor] of Object.entries(TYPES)) if (v.constructor === ctor) return tag as TypeTag;
  return null;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function bytesOf(v: ArrayBufferView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

/** Encodes `value`; every blob it references is put in `blobs` (hash → bytes). */
export function encodeWire(value: unknown, blobs: Map<string, Uint8Array>): Wire {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    return { $num: Object.is(value, -0) ? '-0' : String(value) };
  }
  if (Array.isArray(value)) return value.map((v) => encodeWire(v, blobs));
  if (ArrayBuffer.isView(value)) {
    const tag = typeTag(value);
    if (!tag) throw new Error(`wire: cannot encode a ${value.constructor.name}`);
    const bytes = bytesOf(value);
    if (bytes.byteLength < BLOB_BYTES) return { $typed: tag, $base64: Buffer.from(bytes).toString('base64') };
    const hash = sha256(bytes);
    if (!blobs.has(hash)) blobs.set(hash, bytes);
    return { $typed: tag, $blob: hash };
  }
  if (typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype) throw new Error(`wire: cannot encode a ${(value as object).constructor?.name ?? 'class instance'}`);
    const out: Record<string, Wire> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$')) throw new Error(`wire: key ${JSON.stringify(k)} is reserved`);
      if (v !== undefined) out[k] = encodeWire(v, blobs);
    }
    return out;
  }
  throw new Error(`wire: cannot encode a ${typeof value}`);
}

/** The blob hashes `wire` references, each once, in order of first appearance. */
export function blobRefs(wire: Wire, out: string[] = [], seen = new Set<string>()): string[] {
  if (Array.isArray(wire)) for (const w of wire) blobRefs(w, out, seen);
  else if (wire !== null && typeof wire === 'object') {
    const blob = wire.$blob;
    if (typeof blob === 'string') {
      if (!seen.has(blob)) { seen.add(blob); out.push(blob); }
    } else for (const w of Object.values(wire)) blobRefs(w, out, seen);
  }
  return out;
}

/** Decodes `wire`; `blobs` must hold every blob it references. Typed arrays are fresh copies. */
export function decodeWire(wire: Wire, blobs: ReadonlyMap<string, Uint8Array>): unknown {
  if (wire === null || typeof wire !== 'object') return wire;
  if (Array.isArray(wire)) return wire.map((w) => decodeWire(w, blobs));
  if (typeof wire.$num === 'string') {
    if (!(wire.$num in NUMBERS)) throw new Error(`wire: unknown number ${wire.$num}`);
    return NUMBERS[wire.$num];
  }
  if (typeof wire.$typed === 'string') {
    const ctor = TYPES[wire.$typed as TypeTag];
    if (!ctor) throw new Error(`wire: unknown typed array ${wire.$typed}`);
    let bytes: Uint8Array;
    if (typeof wire.$blob === 'string') {
      const b = blobs.get(wire.$blob);
      if (!b) throw new Error(`wire: blob ${wire.$blob.slice(0, 12)} not fetched`);
      bytes = b;
    } else bytes = Buffer.from(String(wire.$base64), 'base64');
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    return new ctor(copy.buffer, 0, bytes.byteLength / ctor.BYTES_PER_ELEMENT) as AnyTypedArray;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(wire)) out[k] = decodeWire(v, blobs);
  return out;
}
