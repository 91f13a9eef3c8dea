import type { Redis } from 'ioredis';
import { sha256 } from './wireCodec';

/** A blob the store no longer holds (its TTL ran out, or Redis lost it): the job naming it must be sent again. */
export class MissingBlobError extends Error {
  override name = 'MissingBlobError';
  constructor(readonly hashes: string[]) {
    super(`missing blob ${hashes.map((h) => h.slice(0, 12)).join(', ')} (expired or lost by Redis)`);
  }
}

export interface BlobTraffic { uploadedBytes: number; downloadedBytes: number; uploads: number; downloads: number }

/**
 * Content-addressed blobs in Redis (`<prefix>:blob:<sha256>`), each with a TTL that
 * every use renews, so what a generation needs stays while it runs and the rest
 * expires by itself. A blob is uploaded only if Redis lacks it (one PEXPIRE round
 * trip finds out); fetched blobs are checked against their hash and kept in a
 * bounded local cache, so a worker that produced a θ never fetches it back.
 */
export class BlobStore {
  private readonly cache = new Map<string, Uint8Array>();
  private cachedBytes = 0;
  readonly traffic: BlobTraffic = { uploadedBytes: 0, downloadedBytes: 0, uploads: 0, downloads: 0 };

  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly ttlMs: number, private readonly cacheBytes = 256 * 2 ** 20) {}

  private key(hash: string): string { return `${this.prefix}:blob:${hash}`; }

  /** Makes sure Redis holds every blob (renewing the TTL of those it has, uploading the rest). */
  async ensure(blobs: ReadonlyMap<string, Uint8Array>): Promise<void> {
    if (blobs.size === 0) return;
    const hashes = [...blobs.keys()];
    const renew = this.redis.pipeline();
    for (const h of hashes) renew.pexpire(this.key(h), this.ttlMs);
    const renewed = await renew.exec();
    const missing = hashes.filter((_, i) => renewed?.[i]?.[1] !== 1);
    if (missing.length > 0) {
      const put = this.redis.pipeline();
      for (const h of missing) {
        const bytes = blobs.get(h)!;
        put.set(this.key(h), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'PX', this.ttlMs);
        this.traffic.uploadedBytes += bytes.byteLength;
        this.traffic.uploads++;
      }
      for (const [err] of (await put.exec()) ?? []) if (err) throw err;
    }
    // A copy: the caller may reuse its array once the blob is stored.
    for (const h of hashes) this.remember(h, blobs.get(h)!.slice());
  }

  /** Renews the TTL of blobs still in use (a job waiting in the queue must not lose its θ). */
  async renew(hashes: readonly string[]): Promise<void> {
    if (hashes.length === 0) return;
    const p = this.redis.pipeline();
    for (const h of hashes) p.pexpire(this.key(h), this.ttlMs);
    await p.exec();
  }

  /** Deletes blobs no longer needed (UNLINK: Redis frees them in the background). */
  async remove(hashes: readonly string[]): Promise<void> {
    for (let i = 0; i < hashes.length; i += 1000) await this.redis.unlink(...hashes.slice(i, i + 1000).map((h) => this.key(h)));
  }

  /** The blobs named, from the cache or Redis; throws MissingBlobError naming any Redis lacks. */
  async fetch(hashes: readonly string[]): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    const wanted: string[] = [];
    for (const h of hashes) {
      const c = this.cache.get(h);
      if (c) {
        // Least recently used goes first: re-insert on use.
        this.cache.delete(h);
        this.cache.set(h, c);
        out.set(h, c);
      } else wanted.push(h);
    }
    if (wanted.length === 0) return out;
    const p = this.redis.pipeline();
    for (const h of wanted) p.getBuffer(this.key(h));
    const got = (await p.exec()) ?? [];
    const missing: string[] = [];
    wanted.forEach((h, i) => {
      const [err, value] = got[i] ?? [null, null];
      if (err) throw err;
      if (!value) return void missing.push(h);
      const bytes = new Uint8Array(value as Buffer);
      if (sha256(bytes) !== h) throw new Error(`blob ${h.slice(0, 12)}: its bytes do not match its hash (corrupted in Redis?)`);
      this.traffic.downloadedBytes += bytes.byteLength;
      this.traffic.downloads++;
      this.remember(h, bytes);
      out.set(h, bytes);
    });
    if (missing.length > 0) throw new MissingBlobError(missing);
    return out;
  }

  private remember(hash: string, bytes: Uint8Array): void {
    if (this.cache.has(hash) || bytes.byteLength > this.cacheBytes) return;
    this.cache.set(hash, bytes);
    this.cachedBytes += bytes.byteLength;
    for (const [h, b] of this.cache) {
      if (this.cachedBytes <= this.cacheBytes) break;
      this.cache.delete(h);
      this.cachedBytes -= b.byteLength;
    }
  }
}
