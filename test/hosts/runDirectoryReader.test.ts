import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunDirectory, resolveRunDirectory } from '../../src/hosts/runDirectoryReader';

describe("the app's run reader", () => {
  // Before: a symlink inside the runs folder led openRun to any directory on the machine.
  it('judges containment on real paths: a symlink out of the runs folder is refused', () => {
    const root = mkdtempSync(join(tmpdir(), 'quinarium-reader-'));
    const runs = join(root, 'runs');
    const outside = join(root, 'secret');
    mkdirSync(join(runs, 'evo-a'), { recursive: true });
    mkdirSync(outside);
    symlinkSync(outside, join(runs, 'escape'));
    expect(resolveRunDirectory(runs, 'evo-a')).toBe(join(runs, 'evo-a'));
    expect(() => resolveRunDirectory(runs, 'escape')).toThrow(/must be inside the runs folder/);
    expect(() => resolveRunDirectory(runs, join(runs, 'escape'))).toThrow(/must be inside the runs folder/);
    expect(() => resolveRunDirectory(runs, '../secret')).toThrow(/must be inside the runs folder/);
    // A runs folder that is itself a symlink still holds its own runs.
    symlinkSync(runs, join(root, 'runs-link'));
    expect(resolveRunDirectory(join(root, 'runs-link'), 'evo-a')).toBe(join(root, 'runs-link', 'evo-a'));
  });

  it('gives rows their wall-clock seconds back from timings.jsonl, and the lineage in birth order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quinarium-reader-run-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ format: 'quinarium-run/1', kind: 'evolution', name: 'evo/default', created: '2026-12-05T00:00:00Z' }));
    writeFileSync(join(dir, 'config.json'), '{}');
    writeFileSync(join(dir, 'generations.jsonl'), '{"generation":0,"bestAccuracy":0.5}\n{"generation":1,"bestAccuracy":0.6}\n');
    writeFileSync(join(dir, 'timings.jsonl'), '{"generation":0,"seconds":2.5}\n{"generation":1,"seconds":1.25}\n');
    const header = 'id,ancestor_list,ancestor_id,origin_time,destruction_time';
    writeFileSync(join(dir, 'lineage.csv'), `${header}\n1,[None],1,0,1\n0,[None],0,0,inf\n2,[0],0,1,inf\n`);
    const replay = readRunDirectory(dir);
    expect(replay.generations.map((g) => g.seconds)).toEqual([2.5, 1.25]);
    expect(replay.individuals.map((i) => i.id)).toEqual([0, 1, 2]);
  });
});
