import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Replaces `path` with `data` so that a reader (or a crash) sees either the old file or
 * the whole new one, never a torn mix: write a sibling temp file, fsync it, rename it over
 * the target (atomic within one file system), then fsync the directory so the rename
 * itself survives a power loss.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  syncDirectory(dirname(path));
}

/** Writes `value` as pretty-printed JSON plus a final newline, atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  const text = JSON.stringify(value, null, 2);
  if (text === undefined) {
    throw new TypeError(`writeJsonAtomic(${path}): value of type ${typeof value} has no JSON form`);
  }
  writeFileAtomic(path, `${text}\n`);
}

// Best effort: some platforms (Windows) and file systems refuse to open or fsync a
// directory; the rename has still happened, it is only less durable there.
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // ignored, see above
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
