import { BACKEND_CHOICES, BACKEND_NAMES } from '../engine/backend/selectBackend';
import type { FlagSpec } from './args';

/** Flags several commands share, spelled and explained once. */
export const backendFlag: FlagSpec = { kind: 'string', help: `compute backend (default auto: ${BACKEND_NAMES.join(', else ')})`, values: BACKEND_CHOICES };
export const dataDirFlag: FlagSpec = { kind: 'string', help: 'directory of MNIST-format IDX files, plain or .gz (default: bundled MNIST)' };
export const jsonSummaryFlag: FlagSpec = { kind: 'boolean', help: 'print the summary as JSON on the last line of stdout' };
export const redisFlag: FlagSpec = { kind: 'string', help: 'compute on `quinarium worker`s through a BullMQ queue at this Redis URL (redis://[:password@]host:port[/db], rediss:// for TLS) instead of local threads' };
export const redisPatienceFlag: FlagSpec = { kind: 'number', help: 'with --redis: seconds a lost Redis is retried before the run stops with an error (default 60)' };
