import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunDir, ensureDir, runTimestamp } from '../../src/engine/store/runDir';

const root = mkdtempSync(join(tmpdir(), 'quinarium-rundir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('createRunDir', () => {
  // 2 Jan 2024, 03:04:05 local time; single digits show the zero padding.
  const when = new Date(2024, 0, 2, 3, 4, 5);

  it('formats the timestamp as YYYYMMDD-HHMMSS', () => {
    expect(runTimestamp(when)).toBe('20240102-030405');
    expect(runTimestamp(new Date(1999, 11, 31, 23, 59, 58))).toBe('19991231-235958');
  });

  it('creates <base>/<name>-<stamp> with figures/ and checkpoints/, creating base', () => {
    const base = join(root, 'runs', 'nested');
    const dir = createRunDir(base, 'vanilla', when);
    expect(dir).toBe(join(base, 'vanilla-20240102-030405'));
    expect(readdirSync(dir).sort()).toEqual(['checkpoints', 'figures']);
    expect(statSync(join(dir, 'figures')).isDirectory()).toBe(true);
  });

  it('never reuses a directory: same second gives -2, then -3', () => {
    const base = join(root, 'clash');
    const dirs = [1, 2, 3].map(() => createRunDir(base, 'aux', when));
    expect(dirs).toEqual(['', '-2', '-3'].map((s) => join(base, `aux-20240102-030405${s}`)));
    expect(readdirSync(base).sort()).toEqual(['aux-20240102-030405', 'aux-20240102-030405-2', 'aux-20240102-030405-3']);
  });

  it('refuses names that are not a single folder name', () => {
    for (const bad of ['', 'a/b', 'a\\b', '..']) {
      expect(() => createRunDir(root, bad, when)).toThrow(/createRunDir: run name .* must be a non-empty single folder name/);
    }
  });
});

describe('ensureDir', () => {
  it('creates missing parents and accepts an existing directory', () => {
    const path = join(root, 'x', 'y', 'z');
    expect(ensureDir(path)).toBe(path);
    expect(ensureDir(path)).toBe(path);
    expect(existsSync(path)).toBe(true);
  });
});
