/**
 * An exclusive lock on a run directory: whoever writes a run (evolve, resume, a paper
 * run, a serve session, a future distributed coordinator) holds `run.lock`, so two
 * processes never append to the same logs. Measured before it existed: `resume
 * --generations 10` and a second `resume` on the same run both exited 0, and the
 * first one's generations 6–9 vanished when the second cut the logs back.
 *
 * The lock file is created with O_EXCL and holds the owner's pid, host and a random
 * token. A lock whose owner is gone (same host, pid not alive) is taken over; a lock
 * held on another host, or by a live pid, is refused with one line naming the owner.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CheckpointError } from './errors';

export const RUN_LOCK_FILE = 'run.lock';

/** What `run.lock` holds. */
export interface RunLockOwner {
  pid: number;
  host: string;
  /** What holds it (`evolve`, `resume`, `serve`, `paper run`, …), for the error message. */
  purpose: string;
  started: string;
  token: string;
}

/** A run directory another process (or this one) is writing. */
export class RunLockedError extends CheckpointError {
  override name = 'RunLockedError';
  constructor(message: string, readonly owner: RunLockOwner | null) {
    super(message);
  }
}

export interface RunLock {
  readonly path: string;
  readonly owner: RunLockOwner;
  /** Removes the lock if it is still ours; releasing twice is harmless. */
  release(): void;
}

/** A lock file written but not yet filled (a crash between open and write) is stale after this long. */
const TORN_LOCK_MS = 10_000;

const held = new Map<string, RunLockOwner>();
let exitHookInstalled = false;

/** Locks left behind by a process that exits without releasing them are removed on the way out. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [path, owner] of held) removeIfOurs(path, owner.token);
    held.clear();
  });
}

function readOwner(path: string): RunLockOwner | null {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<RunLockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.token === 'string') {
      return { pid: o.pid, host: o.host, purpose: String(o.purpose ?? '?'), started: String(o.started ?? '?'), token: o.token };
    }
  } catch {
    // torn or unreadable: judged by its age below
  }
  return null;
}

/** Whether process `pid` exists on this machine (EPERM: it exists, owned by someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function removeIfOurs(path: string, token: string): void {
  try {
    if (readOwner(path)?.token === token) unlinkSync(path);
  } catch {
    // already gone
  }
}

function describeOwner(o: RunLockOwner): string {
  return `${o.purpose} (pid ${o.pid} on ${o.host}, since ${o.started})`;
}

/**
 * Takes the lock of run directory `dir` for `purpose`, or throws one RunLockedError
 * naming who holds it. A stale lock (its pid dead on this host, or a torn file older
 * than 10 s) is moved aside and taken over; of two processes taking over the same
 * stale lock, exactly one wins (the O_EXCL create decides).
 */
export function lockRunDirectory(dir: string, purpose: string): RunLock {
  const path = join(dir, RUN_LOCK_FILE);
  const owner: RunLockOwner = { pid: process.pid, host: hostname(), purpose, started: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new CheckpointError(`${dir}: run directory does not exist`);
      if (code !== 'EEXIST') throw new CheckpointError(`${path}: cannot create the run lock (${(err as Error).message})`);
      takeOverIfStale(dir, path);
      continue;
    }
    try {
      writeSync(fd, `${JSON.stringify(owner)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    held.set(path, owner);
    installExitHook();
    return {
      path,
      owner,
      release: () => {
        if (held.get(path)?.token !== owner.token) return;
        held.delete(path);
        removeIfOurs(path, owner.token);
      },
    };
  }
  throw new RunLockedError(`${dir} is locked (${path} keeps reappearing); is another quinarium writing it?`, readOwner(path));
}

/** Throws unless the existing lock at `path` is stale; moves a stale one aside. */
function takeOverIfStale(dir: string, path: string): void {
  const owner = readOwner(path);
  if (owner === null) {
    let age: number;
    try {
      age = Date.now() - statSync(path).mtimeMs;
    } catch {
      return; // gone meanwhile: try again
    }
    if (age < TORN_LOCK_MS) throw new RunLockedError(`${dir} is locked by another process that is just starting (${path}); try again in a moment`, null);
  } else {
    const mine = held.get(path);
    if (mine && mine.token === owner.token) throw new RunLockedError(`${dir} is already open for writing in this process (${describeOwner(owner)})`, owner);
    if (owner.host !== hostname()) {
      throw new RunLockedError(`${dir} is locked by ${describeOwner(owner)}, another host: if that run is over, delete ${path}`, owner);
    }
    if (pidAlive(owner.pid)) {
      throw new RunLockedError(`${dir} is locked by ${describeOwner(owner)}: another process is writing this run (if pid ${owner.pid} is not quinarium, delete ${path})`, owner);
    }
  }
  // Stale: move it aside under a private name, then make sure what we moved is the
  // stale lock we judged (a racing process may have replaced it with a live one).
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else moved it first: try again
  }
  const moved = readOwner(aside);
  if (owner !== null && moved?.token !== owner.token) {
    // We took a fresh lock by mistake: put it back (link never replaces an existing file).
    try { linkSync(aside, path); } catch { /* a third lock exists: ours is lost anyway */ }
  }
  rmSync(aside, { force: true });
}
