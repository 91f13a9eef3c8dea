/**
 * Checkpoint folders and their pointer, for every kind of run: `<root>/<prefix>-NNNNNN/`
 * holds one checkpoint, `<root>/latest.json` names the one to resume from. Writing
 * never leaves the pointer naming a folder that is not there:
 *
 *   1. the new checkpoint is filled in `.tmp-<name>-<pid>` (each file fsynced);
 *   2. a folder already holding that name (the same generation checkpointed again) is
 *      renamed aside to `.aside-<name>`, which readers fall back to;
 *   3. the new folder is renamed into place;
 *   4. the pointer is replaced (atomic rename);
 *   5. only then are the aside folder and older checkpoints deleted — all of them, or
 *      all but the newest `keep − 1` before this one (a run that keeps past populations
 *      for the inspector: `checkpointKeep`).
 *
 * Measured before: re-checkpointing the same generation deleted the folder latest.json
 * named before the new one existed, and a kill in that gap left a run nothing could
 * resume. `cleanStaleCheckpoints` (run under the run's lock, at start) removes what a
 * killed writer left: `.tmp-*` folders, and `.aside-*` ones once their name is back.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from './atomicWrite';
import { CheckpointError } from './errors';
import { ensureDir } from './runDir';

export const CHECKPOINT_POINTER = 'latest.json';

/** The folder name of checkpoint `index`: `gen-000012`. */
export function checkpointName(prefix: string, index: number): string {
  return `${prefix}-${String(index).padStart(6, '0')}`;
}

const namePattern = (prefix: string) => new RegExp(`^${prefix}-\\d{6}$`);

/** The checkpoint folders in `root` (`<prefix>-NNNNNN`, not temporary or aside ones), oldest first. */
export function listCheckpoints(root: string, prefix: string): { name: string; index: number }[] {
  if (!existsSync(root)) return [];
  const pattern = namePattern(prefix);
  return readdirSync(root).filter((e) => pattern.test(e)).map((name) => ({ name, index: Number(name.slice(prefix.length + 1)) })).sort((a, b) => a.index - b.index);
}

/**
 * Writes checkpoint `index` into `root` by the steps above; `fill(dir)` writes its files
 * into the temporary folder. `keep` (≥ 1) is how many checkpoints stay: this one and
 * the `keep − 1` newest before it. Returns the checkpoint's folder.
 */
export function commitCheckpoint(root: string, prefix: string, index: number, fill: (dir: string) => void, pointerExtra: Record<string, unknown> = {}, keep = 1): string {
  if (!(Number.isSafeInteger(keep) && keep >= 1)) throw new RangeError(`commitCheckpoint: keep must be an integer ≥ 1, got ${keep}`);
  ensureDir(root);
  const name = checkpointName(prefix, index);
  const tmp = join(root, `.tmp-${name}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  ensureDir(tmp);
  fill(tmp);
  const dir = join(root, name);
  const aside = join(root, `.aside-${name}`);
  if (existsSync(dir)) {
    rmSync(aside, { recursive: true, force: true });
    renameSync(dir, aside);
  }
  renameSync(tmp, dir);
  writeJsonAtomic(join(root, CHECKPOINT_POINTER), { checkpoint: name, ...pointerExtra });
  rmSync(aside, { recursive: true, force: true });
  // Kept: the newest keep − 1 before this one. Any after it (left by a run resumed from
  // an earlier checkpoint) belong to a future that is being rewritten: deleted.
  const before = listCheckpoints(root, prefix).filter((c) => c.index < index);
  const kept = new Set([name, ...before.slice(Math.max(0, before.length - (keep - 1))).map((c) => c.name)]);
  for (const c of listCheckpoints(root, prefix)) {
    if (!kept.has(c.name)) rmSync(join(root, c.name), { recursive: true, force: true });
  }
  return dir;
}

/**
 * The folder latest.json names, checked: the name must be `<prefix>-NNNNNN` (a pointer
 * cannot lead outside the run), and the folder must exist, or its aside copy (a writer
 * killed between steps 2 and 3).
 */
export function latestCheckpoint(root: string, prefix: string, runDir: string): { dir: string; name: string } {
  const pointer = join(root, CHECKPOINT_POINTER);
  if (!existsSync(pointer)) throw new CheckpointError(`${runDir}: no checkpoint to resume from (missing ${pointer})`);
  let name: unknown;
  try {
    name = (JSON.parse(readFileSync(pointer, 'utf8')) as { checkpoint?: unknown } | null)?.checkpoint;
  } catch (e) {
    throw new CheckpointError(`${pointer}: invalid JSON (${(e as Error).message})`);
  }
  if (typeof name !== 'string' || !namePattern(prefix).test(name)) {
    throw new CheckpointError(`${pointer}: "checkpoint" must name a folder ${prefix}-NNNNNN (six digits) inside ${root}, got ${JSON.stringify(name)?.slice(0, 80)}`);
  }
  const dir = join(root, name);
  if (existsSync(dir)) return { dir, name };
  const aside = join(root, `.aside-${name}`);
  if (existsSync(aside)) return { dir: aside, name };
  throw new CheckpointError(`${pointer} names checkpoint ${name}, but ${dir} does not exist`);
}

/**
 * Removes what a killed checkpoint writer left in `root`: temporary folders and files
 * (`.tmp-*`, `*.tmp-*` of atomic writes), and aside folders — renamed back when the
 * pointer still names them and their folder is missing. Call only under the run's lock.
 */
export function cleanStaleCheckpoints(root: string): void {
  if (!existsSync(root)) return;
  for (const entry of readdirSync(root)) {
    const path = join(root, entry);
    if (entry.startsWith('.tmp-') || /\.tmp-\d+-[0-9a-f]+$/.test(entry)) {
      rmSync(path, { recursive: true, force: true });
    } else if (entry.startsWith('.aside-')) {
      const original = join(root, entry.slice('.aside-'.length));
      if (existsSync(original)) rmSync(path, { recursive: true, force: true });
      else renameSync(path, original);
    }
  }
}
