import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const bin = join(__dirname, '../../bin/quinarium.mjs');
const preload = join(__dirname, 'killAtWrite.mjs');

/** One write point of a traced run: its number, the operation and the path below the traced folder (run directory name dropped). */
export interface WritePoint { n: number; op: string; path: string }

/** Runs the CLI with the fault preload watching `dir`: traced into `trace`, or killed at point `kill` (before or after it). */
export function quinarium(args: string[], dir: string, o: { trace?: string; kill?: number; match?: string; when?: 'before' | 'after' } = {}) {
  return spawnSync('node', ['--import', preload, bin, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      QUINARIUM_FAULT_DIR: dir,
      ...(o.trace ? { QUINARIUM_FAULT_TRACE: o.trace } : {}),
      ...(o.kill ? { QUINARIUM_FAULT_KILL: String(o.kill) } : {}),
      ...(o.match ? { QUINARIUM_FAULT_MATCH: o.match } : {}),
      QUINARIUM_FAULT_WHEN: o.when ?? 'before',
    },
  });
}

/** The points of a trace, paths with the run directory's name, pids and temp-file suffixes replaced by placeholders. */
export function readTrace(trace: string): WritePoint[] {
  return readFileSync(trace, 'utf8').trim().split('\n').map((line) => {
    const [n, op, path = ''] = line.split(' ');
    const normal = path.replace(/^\/[^/]+/, '').replace(/\.tmp-\d+-[0-9a-f]+$/, '.tmp').replace(/-\d{3,}(?=\/|$)/g, '-N');
    return { n: Number(n), op, path: normal };
  });
}

/**
 * The first point after `after` (a point number) whose op is `op` and whose path matches
 * `path`; throws if none, so a kill point that no longer exists fails loudly.
 */
export function pointOf(points: WritePoint[], op: string, path: RegExp, after = 0): WritePoint {
  const p = points.find((x) => x.n > after && x.op === op && path.test(x.path));
  if (!p) throw new Error(`no write point ${op} ${path} after ${after}; the trace has ${[...new Set(points.map((x) => `${x.op} ${x.path}`))].join('; ')}`);
  return p;
}

export function runDirIn(out: string): string {
  const dirs = readdirSync(out).filter((d) => !d.startsWith('.'));
  if (dirs.length !== 1) throw new Error(`expected one run directory in ${out}, found ${dirs.join(', ') || 'none'}`);
  return join(out, dirs[0]);
}

/** summary.json without its wall-clock fields. */
export function summaryWithoutTime(dir: string): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'seconds').map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return strip(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')));
}

/** Files a writer leaves only when killed: temp files and folders, aside folders, the lock. */
export function leftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (/\.tmp-|^\.aside-|^run\.lock$|\.stale-/.test(e.name)) found.push(join(d, e.name));
      if (e.isDirectory() && existsSync(join(d, e.name))) walk(join(d, e.name));
    }
  };
  walk(dir);
  return found;
}

/**
 * The uninterrupted run both fault suites compare with (`run`: its process, for the
 * caller's assertion), its files read in `encoding`, its summary but wall-clock time and
 * its traced write points.
 */
export function referenceRun(base: string, args: string[], files: readonly string[], encoding: BufferEncoding) {
  const out = join(base, 'reference');
  const trace = join(base, 'reference.trace');
  const run = quinarium([...args, '--out', out], out, { trace });
  if (run.status !== 0) return { run, files: {}, summary: null, points: [] };
  const dir = runDirIn(out);
  return { run, files: Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), encoding)])), summary: summaryWithoutTime(dir), points: readTrace(trace) };
}

/** Runs `args` killed at `point` (before or after it), then, if it was killed, `quinarium resume` on the run: both processes and the run directory. */
export function killThenResume(base: string, args: string[], point: WritePoint, when: 'before' | 'after') {
  const out = join(base, `${point.op}-${point.n}-${when}`);
  const killed = quinarium([...args, '--out', out], out, { kill: point.n, when });
  if (killed.signal !== 'SIGKILL') return { killed, dir: '', resumed: null };
  const dir = runDirIn(out);
  return { killed, dir, resumed: quinarium(['resume', dir, '--threads', '1', '--backend', 'wasm'], out) };
}
