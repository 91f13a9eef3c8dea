import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { describeBackend, type BackendInfo } from '../backend/selectBackend';
import { loadMnist } from '../data/mnist';

/**
 * What a job's numbers depend on besides its payload and setup: the code that computes
 * it, the tfjs backend (wasm and cpu round differently) and the data a worker's context
 * is built from (the same seed gives other fixed inputs on other images). Every job
 * carries the coordinator's; a worker whose own differs refuses the job.
 */
export interface ComputeFingerprint {
  /** SHA-256 of the engine's sources, the dependency versions and V8's version. */
  code: string;
  /** Backend name (with SIMD) and tfjs-core version. */
  backend: string;
  /** SHA-256 of the training and test images and labels. */
  data: string;
}

const here = dirname(fileURLToPath(import.meta.url));

/** Every file under `dir`, as paths relative to `root`, sorted. */
function files(root: string, dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(root, path));
    else out.push(relative(root, path).split('\\').join('/'));
  }
  return out.sort();
}

/**
 * The code version of a source tree at `root`: its engine, protocol and shared sources
 * (what jobs run), its package.json dependencies and the V8 version (Math.exp and
 * friends may round differently across V8 releases). From a build without sources
 * (the desktop bundle), the bundle's own files.
 */
export function codeVersion(root = join(here, '..', '..', '..')): string {
  const h = createHash('sha256');
  const dirs = ['src/engine', 'src/protocol', 'src/shared'].map((d) => join(root, d));
  const sourceRoot = existsSync(dirs[0]) ? root : here;
  const list = sourceRoot === root ? dirs.flatMap((d) => files(root, d)) : files(here, here).filter((f) => f.endsWith('.js'));
  for (const f of list) h.update(`${f}\0`).update(readFileSync(join(sourceRoot, f))).update('\0');
  const pkgPath = join(root, 'package.json');
  if (existsSync(pkgPath)) {
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version?: string; dependencies?: Record<string, string> };
    h.update(JSON.stringify({ version: pkg.version, dependencies: pkg.dependencies }));
  }
  h.update(`v8 ${process.versions.v8}`);
  return h.digest('hex');
}

const dataHashes = new Map<string, string>();

/** SHA-256 of the MNIST (or MNIST-format) data in `dataDir` (default: the bundled MNIST). */
export function dataFingerprint(dataDir?: string): string {
  const mnist = loadMnist({ dataDir });
  const cached = dataHashes.get(mnist.source);
  if (cached) return cached;
  const h = createHash('sha256');
  for (const set of [mnist.train, mnist.test]) h.update(`${set.count}×${set.rows}×${set.cols}\0`).update(set.images).update(set.labels);
  const hash = h.digest('hex');
  dataHashes.set(mnist.source, hash);
  return hash;
}

let code: string | null = null;

export function computeFingerprint(backend: BackendInfo, dataDir?: string): ComputeFingerprint {
  code ??= codeVersion();
  return { code, backend: describeBackend({ ...backend, note: 'auto' }), data: dataFingerprint(dataDir) };
}

const PARTS: Record<keyof ComputeFingerprint, string> = { code: 'code version', backend: 'backend', data: 'data' };

/** Why a worker with fingerprint `mine` must refuse a job made with `theirs`, or null if it may run it. */
export function fingerprintMismatch(mine: ComputeFingerprint, theirs: ComputeFingerprint): string | null {
  const differ = (Object.keys(PARTS) as (keyof ComputeFingerprint)[]).filter((k) => mine[k] !== theirs[k]);
  if (differ.length === 0) return null;
  const show = (k: keyof ComputeFingerprint, v: string) => (k === 'backend' ? v : `${String(v).slice(0, 12)}…`);
  return differ.map((k) => `${PARTS[k]} ${show(k, mine[k])} here, ${show(k, theirs[k])} at the coordinator`).join('; ');
}
