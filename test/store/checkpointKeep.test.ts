/**
 * How many checkpoints stay on disk (`checkpointKeep`, src/engine/store/checkpointDir.ts):
 * the one just written and the `keep − 1` newest before it; checkpoints after the one
 * written (left by a run resumed from an earlier one) are deleted; the pointer always
 * names the newest. And the listings the inspector reads them by.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listEvolutionCheckpoints } from '../../src/engine/evolve/evolutionCheckpoint';
import { CHECKPOINT_POINTER, commitCheckpoint, latestCheckpoint, listCheckpoints } from '../../src/engine/store/checkpointDir';

const root = mkdtempSync(join(tmpdir(), 'quinarium-keep-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let fresh = 0;
const newRoot = () => join(root, `r${fresh++}`);

/** Commits checkpoint `index`, whose one file says which index (and which write) it is. */
function commit(dir: string, index: number, keep: number, note = ''): string {
  return commitCheckpoint(dir, 'gen', index, (tmp) => writeFileSync(join(tmp, 'index.txt'), `${index}${note}`), { generation: index }, keep);
}

const names = (dir: string) => listCheckpoints(dir, 'gen').map((c) => c.name);
const pointer = (dir: string) => JSON.parse(readFileSync(join(dir, CHECKPOINT_POINTER), 'utf8')) as { checkpoint: string; generation: number };

describe('commitCheckpoint keeps the newest `keep`', () => {
  it('keep = 1 (the default) leaves only the checkpoint just written', () => {
    const dir = newRoot();
    for (let g = 0; g < 5; g++) commit(dir, g, 1);
    expect(names(dir)).toEqual(['gen-000004']);
    expect(pointer(dir)).toEqual({ checkpoint: 'gen-000004', generation: 4 });
    // The default argument is 1.
    commitCheckpoint(dir, 'gen', 5, (tmp) => writeFileSync(join(tmp, 'index.txt'), '5'));
    expect(names(dir)).toEqual(['gen-000005']);
  });

  it('keep = 3 keeps the three newest, each with its own contents', () => {
    const dir = newRoot();
    const kept: string[][] = [];
    for (let g = 0; g < 6; g++) {
      commit(dir, g, 3);
      kept.push(names(dir));
    }
    // Growing to three, then sliding.
    expect(kept).toEqual([
      ['gen-000000'], ['gen-000000', 'gen-000001'], ['gen-000000', 'gen-000001', 'gen-000002'],
      ['gen-000001', 'gen-000002', 'gen-000003'], ['gen-000002', 'gen-000003', 'gen-000004'], ['gen-000003', 'gen-000004', 'gen-000005'],
    ]);
    expect(['gen-000003', 'gen-000004', 'gen-000005'].map((n) => readFileSync(join(dir, n, 'index.txt'), 'utf8'))).toEqual(['3', '4', '5']);
    expect(latestCheckpoint(dir, 'gen', 'run').name).toBe('gen-000005');
  });

  it('counts checkpoints, not generations: every 5th generation with keep = 2 keeps the last two taken', () => {
    const dir = newRoot();
    for (const g of [0, 5, 10, 15]) commit(dir, g, 2);
    expect(names(dir)).toEqual(['gen-000010', 'gen-000015']);
  });

  it('a checkpoint re-written at an earlier index deletes the later ones (a future being rewritten) and keeps keep − 1 before it', () => {
    const dir = newRoot();
    for (let g = 0; g < 4; g++) commit(dir, g, 3);
    expect(names(dir)).toEqual(['gen-000001', 'gen-000002', 'gen-000003']);
    // 2 again with keep 2: 3 goes (after it), 1 stays (the one before it kept).
    commit(dir, 2, 2, ' again');
    expect(names(dir)).toEqual(['gen-000001', 'gen-000002']);
    expect(readFileSync(join(dir, 'gen-000002', 'index.txt'), 'utf8')).toBe('2 again');
    expect(pointer(dir)).toEqual({ checkpoint: 'gen-000002', generation: 2 });
    // Further back than any kept: everything after 0 goes, nothing is before it.
    commit(dir, 0, 3, ' again');
    expect(names(dir)).toEqual(['gen-000000']);
    expect(pointer(dir)).toEqual({ checkpoint: 'gen-000000', generation: 0 });
  });

  // Before: while fewer than keep − 1 checkpoints existed, the slice's start was negative
  // and counted from the end: keep 4 settled at 2 checkpoints, keep 5 alternated 2 and 3.
  it('keep ≥ 4 keeps every checkpoint until there are keep, then the keep newest', () => {
    for (const keep of [4, 5, 10]) {
      const dir = newRoot();
      const counts: number[] = [];
      for (let g = 0; g < 12; g++) {
        commit(dir, g, keep);
        counts.push(names(dir).length);
      }
      expect(counts, `keep ${keep}`).toEqual(Array.from({ length: 12 }, (_, g) => Math.min(g + 1, keep)));
      expect(names(dir)[0], `keep ${keep}`).toBe(`gen-${String(12 - keep).padStart(6, '0')}`);
    }
  });

  it('re-writing the same index replaces its contents and keeps the ones before it', () => {
    const dir = newRoot();
    for (let g = 0; g < 3; g++) commit(dir, g, 3);
    commit(dir, 2, 3, ' again');
    expect(names(dir)).toEqual(['gen-000000', 'gen-000001', 'gen-000002']);
    expect(readFileSync(join(dir, 'gen-000002', 'index.txt'), 'utf8')).toBe('2 again');
    expect(readdirSync(dir).filter((e) => e.startsWith('.'))).toEqual([]);
  });

  it('keeps what is not a checkpoint of its prefix (other folders beside them, temporary ones)', () => {
    const dir = newRoot();
    mkdirSync(join(dir, 'final'), { recursive: true });
    mkdirSync(join(dir, 'projections'));
    mkdirSync(join(dir, 'lane-000001'));
    for (let g = 0; g < 4; g++) commit(dir, g, 1);
    expect(readdirSync(dir).sort()).toEqual(['final', 'gen-000003', 'lane-000001', 'latest.json', 'projections']);
  });

  it('refuses a keep that is not a whole number ≥ 1, before writing anything', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Infinity]) {
      const dir = newRoot();
      expect(() => commit(dir, 0, bad)).toThrow(new RegExp(`commitCheckpoint: keep must be an integer ≥ 1, got ${bad}`));
      expect(existsSync(dir)).toBe(false);
    }
    // An existing run's checkpoints are untouched by the refused write.
    const dir = newRoot();
    commit(dir, 0, 1);
    expect(() => commit(dir, 1, 0)).toThrow(RangeError);
    expect(names(dir)).toEqual(['gen-000000']);
    expect(pointer(dir).checkpoint).toBe('gen-000000');
  });
});

describe('listing checkpoints', () => {
  it('listCheckpoints: only <prefix>-NNNNNN folders, oldest first by number; none for a missing folder', () => {
    const dir = newRoot();
    for (const name of ['gen-000010', 'gen-000002', 'gen-000100', '.tmp-gen-000011-42', '.aside-gen-000002', 'gen-12', 'gen-0000001', 'final', 'other-000001']) mkdirSync(join(dir, name), { recursive: true });
    expect(listCheckpoints(dir, 'gen')).toEqual([{ name: 'gen-000002', index: 2 }, { name: 'gen-000010', index: 10 }, { name: 'gen-000100', index: 100 }]);
    expect(listCheckpoints(join(dir, 'missing'), 'gen')).toEqual([]);
  });

  it('listEvolutionCheckpoints: a run\'s checkpoints newest first, with the generation each was taken at', () => {
    const run = newRoot();
    const dir = join(run, 'checkpoints');
    for (const g of [3, 4, 5]) commit(dir, g, 3);
    mkdirSync(join(dir, 'final'));
    expect(listEvolutionCheckpoints(run)).toEqual([5, 4, 3].map((g) => ({ dir: join(dir, `gen-00000${g}`), generation: g })));
    expect(listEvolutionCheckpoints(newRoot())).toEqual([]);
  });
});
