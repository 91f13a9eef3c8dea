import { describe, expect, it } from 'vitest';
import { BLOB_BYTES, blobRefs, decodeWire, encodeWire, sha256 } from '../../src/engine/distributed/wireCodec';
import { queueJobId, QUEUE_PROTOCOL, type QueueJobData } from '../../src/engine/distributed/queueProtocol';

const roundTrip = (v: unknown) => {
  const blobs = new Map<string, Uint8Array>();
  const wire = encodeWire(v, blobs);
  // Through JSON, as BullMQ stores it.
  return { value: decodeWire(JSON.parse(JSON.stringify(wire)), blobs), wire, blobs };
};

describe('wire codec', () => {
  it('keeps typed arrays (type and bits) and the numbers JSON loses: NaN, ±Infinity, −0', () => {
    const theta = Float32Array.from({ length: 21100 }, (_, i) => Math.sin(i) * 1e-3);
    theta[5] = NaN;
    theta[6] = -0;
    const value = { theta, coords: Int32Array.from([3, -1, 2 ** 31 - 1]), metrics: { lsr: Infinity, corr: NaN, gain: -Infinity, zero: -0, acc: 0.25 }, rows: null, tag: 'x', ok: true, list: [1, NaN] };
    const { value: back } = roundTrip(value) as { value: typeof value };
    expect(back.theta).toBeInstanceOf(Float32Array);
    expect(new Uint8Array(back.theta.buffer)).toEqual(new Uint8Array(theta.buffer));
    expect(back.coords).toEqual(value.coords);
    expect(back.coords).toBeInstanceOf(Int32Array);
    expect(back.metrics.lsr).toBe(Infinity);
    expect(back.metrics.corr).toBeNaN();
    expect(back.metrics.gain).toBe(-Infinity);
    expect(Object.is(back.metrics.zero, -0)).toBe(true);
    expect(back.metrics.acc).toBe(0.25);
    expect(back.rows).toBeNull();
    expect(back.list[1]).toBeNaN();
    expect([back.tag, back.ok]).toEqual(['x', true]);
  });

  it('sends large arrays as content-addressed blobs, each once, small ones inline', () => {
    const theta = new Float32Array(21100).fill(0.5);
    const small = new Float32Array(BLOB_BYTES / 4 - 1).fill(2);
    const { wire, blobs } = roundTrip({ a: theta, b: theta.slice(), c: small });
    // Two equal θ (different objects) are one blob named by the SHA-256 of their bytes.
    expect([...blobs.keys()]).toEqual([sha256(new Uint8Array(theta.buffer))]);
    expect(blobRefs(wire)).toEqual([...blobs.keys()]);
    expect(JSON.stringify(wire)).not.toContain('"$blob":null');
    expect((wire as Record<string, Record<string, unknown>>).c.$base64).toBeTypeOf('string');
  });

  it('decodes into fresh arrays (a caller may change one without touching another)', () => {
    const blobs = new Map<string, Uint8Array>();
    const wire = encodeWire(new Float32Array(1000).fill(1), blobs);
    const a = decodeWire(wire, blobs) as Float32Array;
    const b = decodeWire(wire, blobs) as Float32Array;
    a[0] = 7;
    expect(b[0]).toBe(1);
  });

  it('says which blob is missing rather than decoding garbage', () => {
    const blobs = new Map<string, Uint8Array>();
    const wire = encodeWire(new Float32Array(1000), blobs);
    expect(() => decodeWire(wire, new Map())).toThrow(/wire: blob [0-9a-f]{12} not fetched/);
  });

  it('refuses what it cannot carry exactly', () => {
    expect(() => encodeWire({ $blob: 1 }, new Map())).toThrow(/key "\$blob" is reserved/);
    expect(() => encodeWire(new Map(), new Map())).toThrow(/cannot encode a Map/);
    expect(() => encodeWire(new BigInt64Array(2), new Map())).toThrow(/cannot encode a BigInt64Array/);
  });

  it('job ids: the same job is one id; any change of payload, job, setup or fingerprint is another', () => {
    const make = (over: Partial<QueueJobData> = {}, theta = new Float32Array(2000).fill(1)): QueueJobData => ({
      protocol: QUEUE_PROTOCOL, table: 'evolution', job: 'learnEvaluate', setup: { seed: 7 },
      fingerprint: { code: 'c', backend: 'wasm', data: 'd' }, payload: encodeWire({ theta }, new Map()), ...over,
    });
    const id = queueJobId(make());
    expect(id).toMatch(/^q[0-9a-f]{64}$/);
    expect(queueJobId(make())).toBe(id);
    const changed = new Float32Array(2000).fill(1);
    changed[1999] = 1.0000001;
    expect(queueJobId(make({}, changed))).not.toBe(id);
    expect(queueJobId(make({ job: 'regenerate' }))).not.toBe(id);
    expect(queueJobId(make({ setup: { seed: 8 } }))).not.toBe(id);
    expect(queueJobId(make({ fingerprint: { code: 'c2', backend: 'wasm', data: 'd' } }))).not.toBe(id);
  });
});
