import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from '../../src/engine/store/atomicWrite';

describe('writeFileAtomic', () => {
  const root = mkdtempSync(join(tmpdir(), 'quinarium-atomic-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const freshDir = (): string => {
    const dir = join(root, String(n++));
    mkdirSync(dir);
    return dir;
  };

  it('creates the file and leaves no temp file beside it', () => {
    const dir = freshDir();
    writeFileAtomic(join(dir, 'state.json'), 'hello');
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe('hello');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('replaces longer content entirely, and writes bytes as given', () => {
    const dir = freshDir();
    const path = join(dir, 'blob.bin');
    writeFileSync(path, 'a much longer previous content');
    writeFileAtomic(path, new Uint8Array([0, 255, 10]));
    expect(Array.from(readFileSync(path))).toEqual([0, 255, 10]);
    expect(readdirSync(dir)).toEqual(['blob.bin']);
  });

  it('removes its temp file when the rename fails', () => {
    const dir = freshDir();
    const target = join(dir, 'occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'x');
    // Renaming a file over a non-empty directory fails on every platform.
    expect(() => writeFileAtomic(target, 'data')).toThrow();
    expect(readdirSync(dir)).toEqual(['occupied']);
  });
});

describe('writeJsonAtomic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quinarium-json-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes two-space JSON with a final newline', () => {
    const path = join(dir, 'config.json');
    writeJsonAtomic(path, { a: 1, b: [2] });
    expect(readFileSync(path, 'utf8')).toBe('{\n  "a": 1,\n  "b": [\n    2\n  ]\n}\n');
  });

  it('refuses a value with no JSON form', () => {
    expect(() => writeJsonAtomic(join(dir, 'x.json'), undefined)).toThrow(/writeJsonAtomic\(.*x\.json\): value of type undefined/);
  });
});
