import type { ComputeFingerprint } from './fingerprint';
import { sha256, type Wire } from './wireCodec';

/**
 * What travels through the queue. A job names its job table and job, carries the
 * table's setup (a worker builds, and keeps, one context per distinct setup), the
 * coordinator's fingerprint, and the encoded payload (θ and other large arrays as
 * blob references). Its id is the hash of all of that, so the same work asked twice
 * (a resumed coordinator, a retried generation) is one job with one result.
 */
export const QUEUE_PROTOCOL = 1;

/** Every Redis key Quinarium writes starts with this (BullMQ's queue keys and the blobs). */
export const KEY_PREFIX = 'quinarium';
export const QUEUE_NAME = 'jobs';

export interface QueueJobData {
  protocol: number;
  table: string;
  job: string;
  /** The table's setup, without `dataDir`: each machine reads its own copy of the data (the fingerprint says it is the same). */
  setup: Wire;
  fingerprint: ComputeFingerprint;
  payload: Wire;
}

export interface QueueJobResult { result: Wire }

/** A job's id: the SHA-256 of everything it is (BullMQ ids must not be plain integers, hence the letter). */
export function queueJobId(data: QueueJobData): string {
  return `q${sha256(JSON.stringify(data))}`;
}

/** The prefix of a worker's refusal (failedReason), so the coordinator can tell it from a failed computation. */
export const REFUSED = 'refused:';
