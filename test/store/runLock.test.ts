import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, utimesSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockRunDirectory, pidAlive, RUN_LOCK_FILE, RunLockedError } from '../../src/engine/store/runLock';

const fresh = () => mkdtempSync(join(tmpdir(), 'quinarium-lock-'));

/** A pid that certainly belongs to no process now: a child that has exited. */
function deadPid(): number {
  const r = spawnSync('node', ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('run directory lock', () => {
  it('is exclusive: a second lock of the same directory is refused with one line naming the holder', () => {
    const dir = fresh();
    const lock = lockRunDirectory(dir, 'evolve');
    const owner = JSON.parse(readFileSync(join(dir, RUN_LOCK_FILE), 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), purpose: 'evolve' });
    expect(() => lockRunDirectory(dir, 'resume')).toThrow(RunLockedError);
    expect(() => lockRunDirectory(dir, 'resume')).toThrow(/already open for writing in this process \(evolve \(pid \d+ on /);
    lock.release();
    expect(existsSync(join(dir, RUN_LOCK_FILE))).toBe(false);
    lockRunDirectory(dir, 'resume').release();
  });

  it('refuses a lock held by a live process, naming its pid', async () => {
    const dir = fresh();
    // A live process that is not us holds the lock (the file says so).
    const child = spawn('node', ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, RUN_LOCK_FILE), JSON.stringify({ pid: child.pid, host: hostname(), purpose: 'resume', started: 'then', token: 'abc' }));
      expect(pidAlive(child.pid!)).toBe(true);
      expect(() => lockRunDirectory(dir, 'evolve')).toThrow(new RegExp(`locked by resume \\(pid ${child.pid} on .*another process is writing this run`));
    } finally {
      child.kill();
    }
  });

  it('takes over a stale lock (its pid is dead) and only then', () => {
    const dir = fresh();
    const pid = deadPid();
    expect(pidAlive(pid)).toBe(false);
    writeFileSync(join(dir, RUN_LOCK_FILE), JSON.stringify({ pid, host: hostname(), purpose: 'evolve', started: 'then', token: 'dead' }));
    const lock = lockRunDirectory(dir, 'resume');
    expect(JSON.parse(readFileSync(join(dir, RUN_LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('refuses a lock from another host (its pid cannot be checked from here)', () => {
    const dir = fresh();
    writeFileSync(join(dir, RUN_LOCK_FILE), JSON.stringify({ pid: deadPid(), host: 'elsewhere.example', purpose: 'serve', started: 'then', token: 'x' }));
    expect(() => lockRunDirectory(dir, 'resume')).toThrow(/locked by serve \(pid \d+ on elsewhere\.example.*another host: if that run is over, delete/);
  });

  it('treats a torn lock file as held while fresh and stale after 10 s', () => {
    const dir = fresh();
    const path = join(dir, RUN_LOCK_FILE);
    writeFileSync(path, '');
    expect(() => lockRunDirectory(dir, 'evolve')).toThrow(/just starting/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    lockRunDirectory(dir, 'evolve').release();
  });

  it('releases only its own lock, and a process that exits removes the locks it holds', () => {
    const dir = fresh();
    const lock = lockRunDirectory(dir, 'evolve');
    writeFileSync(join(dir, RUN_LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), purpose: 'other', started: 'now', token: 'not-ours' }));
    lock.release();
    expect(existsSync(join(dir, RUN_LOCK_FILE))).toBe(true);
    const other = fresh();
    const script = `const { lockRunDirectory } = await import(${JSON.stringify(join(__dirname, '../../src/engine/store/runLock.ts'))}); lockRunDirectory(${JSON.stringify(other)}, 'evolve'); process.exit(0);`;
    const r = spawnSync('node', ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(other, RUN_LOCK_FILE))).toBe(false);
  });
});
