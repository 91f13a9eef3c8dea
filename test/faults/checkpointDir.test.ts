import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanStaleCheckpoints, commitCheckpoint, latestCheckpoint } from '../../src/engine/store/checkpointDir';
import { readTrace } from './faultRun';

const script = join(__dirname, 'recheckpoint.mts');
const preload = join(__dirname, 'killAtWrite.mjs');
const commit = (root: string, value: string, env: Record<string, string>) =>
  spawnSync('node', ['--import', 'tsx', '--import', preload, script, root, value], { encoding: 'utf8', env: { ...process.env, QUINARIUM_FAULT_DIR: root, ...env } });
const value = (root: string) => readFileSync(join(latestCheckpoint(root, 'gen', root).dir, 'value.txt'), 'utf8');

describe('checkpoint folders', () => {
  // Before: re-checkpointing a generation deleted the folder latest.json named before the
  // new one was in place. Invariant: killed at any write point of a second checkpoint of
  // the same generation, the pointer names a complete checkpoint (the old or the new),
  // and after cleaning only that checkpoint is left.
  it('checkpointing the same generation again, killed at every write point, always leaves one to resume', () => {
    const base = mkdtempSync(join(tmpdir(), 'quinarium-recheckpoint-'));
    const first = join(base, 'first');
    mkdirSync(first);
    commitCheckpoint(first, 'gen', 3, (dir) => writeFileSync(join(dir, 'value.txt'), 'old'));
    const traced = join(base, 'traced');
    cpSync(first, traced, { recursive: true });
    const trace = join(base, 'trace');
    expect(commit(traced, 'new', { QUINARIUM_FAULT_TRACE: trace }).status).toBe(0);
    const points = readTrace(trace);
    expect(points.map((p) => p.op)).toContain('rename');
    // Killed after point n is killed before point n + 1: every point before, and after the last.
    for (const p of points) {
      for (const when of p === points.at(-1) ? ['before', 'after'] : ['before']) {
        const root = join(base, `${p.n}-${when}`);
        cpSync(first, root, { recursive: true });
        const r = commit(root, 'new', { QUINARIUM_FAULT_KILL: String(p.n), QUINARIUM_FAULT_WHEN: when });
        expect(r.signal, `point ${p.n} ${p.op} ${p.path}`).toBe('SIGKILL');
        expect(['old', 'new'], `killed ${when} ${p.op} ${p.path}`).toContain(value(root));
        const before = value(root);
        cleanStaleCheckpoints(root);
        expect(value(root)).toBe(before);
        expect(readdirSync(root).sort()).toEqual(['gen-000003', 'latest.json']);
      }
    }
  });

  it('falls back to the aside copy while the new folder is not yet in place, and cleaning puts it back', () => {
    const root = mkdtempSync(join(tmpdir(), 'quinarium-aside-'));
    commitCheckpoint(root, 'gen', 1, (dir) => writeFileSync(join(dir, 'value.txt'), 'one'));
    renameSync(join(root, 'gen-000001'), join(root, '.aside-gen-000001'));
    expect(value(root)).toBe('one');
    cleanStaleCheckpoints(root);
    expect(existsSync(join(root, 'gen-000001'))).toBe(true);
    expect(existsSync(join(root, '.aside-gen-000001'))).toBe(false);
  });

  it('names what is wrong with a pointer', () => {
    const root = mkdtempSync(join(tmpdir(), 'quinarium-pointer-'));
    expect(() => latestCheckpoint(root, 'gen', 'run')).toThrow(/run: no checkpoint to resume from \(missing .*latest\.json\)/);
    for (const bad of ['../../../evil', 'gen-1', '/etc', 42, null]) {
      writeFileSync(join(root, 'latest.json'), JSON.stringify({ checkpoint: bad }));
      expect(() => latestCheckpoint(root, 'gen', 'run')).toThrow(/"checkpoint" must name a folder gen-NNNNNN \(six digits\)/);
    }
    writeFileSync(join(root, 'latest.json'), JSON.stringify({ checkpoint: 'gen-000007' }));
    expect(() => latestCheckpoint(root, 'gen', 'run')).toThrow(/names checkpoint gen-000007, but .* does not exist/);
    writeFileSync(join(root, 'latest.json'), '{"checkpoint": ');
    expect(() => latestCheckpoint(root, 'gen', 'run')).toThrow(/latest\.json: invalid JSON/);
  });
});
