import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Creates `path` and any missing parents; an existing directory is fine. Returns `path`. */
export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `YYYYMMDD-HHMMSS` in local time, the form people read in a folder listing. */
export function runTimestamp(now: Date): string {
  const date = `${now.getFullYear()}${pad2(now.getMonth() + 1)}${pad2(now.getDate())}`;
  return `${date}-${pad2(now.getHours())}${pad2(now.getMinutes())}${pad2(now.getSeconds())}`;
}

/**
 * Creates a fresh run directory `<base>/<name>-<YYYYMMDD-HHMMSS>` with `figures/` and
 * `checkpoints/` inside, and returns its path. Two runs started in the same second get
 * `-2`, `-3`, …: the directory itself is made without `recursive`, so an existing one
 * is never reused, even by a concurrent process.
 */
export function createRunDir(base: string, name: string, now: Date = new Date()): string {
  if (name === '' || /[\\/]/.test(name) || name === '.' || name === '..') {
    throw new RangeError(`createRunDir: run name ${JSON.stringify(name)} must be a non-empty single folder name`);
  }
  ensureDir(base);
  const stem = join(base, `${name}-${runTimestamp(now)}`);
  for (let attempt = 1; ; attempt++) {
    const dir = attempt === 1 ? stem : `${stem}-${attempt}`;
    try {
      mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    mkdirSync(join(dir, 'figures'));
    mkdirSync(join(dir, 'checkpoints'));
    return dir;
  }
}
