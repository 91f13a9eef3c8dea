import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { killThenResume, leftovers, pointOf, quinarium, referenceRun, runDirIn, summaryWithoutTime, type WritePoint } from './faultRun';

// A tiny evolution: 3 generations, checkpoints at 0 (founders) and 2 (before the last).
const args = ['evolve', '--threads', '1', '--population', '4', '--generations', '3', '--lifetime-steps', '2', '--evaluation-validation', '200', '--checkpoint-every', '2', '--seed', '7', '--backend', 'wasm'];
const FILES = ['lineage.csv', 'generations.jsonl', 'events.jsonl'];

/**
 * Invariant: a run SIGKILLed at any write point of a generation or of a checkpoint, then
 * resumed, ends with the uninterrupted run's lineage.csv, generations.jsonl and
 * events.jsonl byte for byte, its summary (but wall-clock seconds), one timing per
 * generation, and nothing left behind (temp files, aside folders, its lock).
 */
describe('evolution: SIGKILL at each write point, then resume', () => {
  const base = mkdtempSync(join(tmpdir(), 'quinarium-faults-evo-'));
  let reference: Record<string, string>;
  let referenceSummary: unknown;
  let points: WritePoint[];
  let founders: number;

  // Each case is two processes; a loaded machine (8 engineers on 2 cores) needs far more than the default 2 minutes.
  beforeAll(() => {
    const r = referenceRun(base, args, FILES, 'utf8');
    expect(r.run.status, r.run.stderr).toBe(0);
    ({ files: reference, summary: referenceSummary, points } = r);
    // The founders' checkpoint is complete once its pointer is in place: what follows is generation 0 on.
    founders = pointOf(points, 'rename', /^\/checkpoints\/latest\.json$/).n;
  }, 600_000);

  // [op, path, when, description, from]: each is the first such point after the founders' checkpoint (from 1) or from the start (0).
  const cases: [string, RegExp, 'before' | 'after', string, number?][] = [
    ['rename', /^\/checkpoints\/projections\/Px\.npy$/, 'before', 'the fixed inputs, before any checkpoint (it starts over)', 0],
    ['write', /^\/generations\.jsonl$/, 'before', "a generation's row"],
    ['write', /^\/generations\.jsonl$/, 'after', "a generation's row"],
    ['write', /^\/events\.jsonl$/, 'after', 'births, deaths and the selection'],
    ['write', /^\/timings\.jsonl$/, 'before', 'the timing'],
    ['write', /^\/lineage\.csv$/, 'after', 'the dead and the living tail of lineage.csv'],
    ['truncate', /^\/lineage\.csv$/, 'before', 'cutting lineage.csv to length'],
    ['rename', /^\/checkpoints\/\.tmp-gen-\d+-N\/population\.npy$/, 'after', "the checkpoint's weights"],
    ['rename', /^\/checkpoints\/\.tmp-gen-\d+-N\/state\.json$/, 'before', "the checkpoint's state"],
    ['rename', /^\/checkpoints\/gen-N$/, 'after', 'the checkpoint folder renamed into place'],
    ['rename', /^\/checkpoints\/latest\.json$/, 'before', 'the pointer moved'],
    ['rm', /^\/checkpoints\/gen-N$/, 'before', 'the older checkpoint deleted'],
    ['rename', /^\/summary\.json$/, 'before', 'summary.json'],
  ];

  it.each(cases)('%s %s, killed %s (%s)', (op, path, when, _what, from = 1) => {
    const point = pointOf(points, op, path, from ? founders : 0);
    const { killed, dir, resumed } = killThenResume(base, args, point, when);
    expect(killed.signal, `the run was not killed at point ${point.n}: ${killed.stderr.slice(-400)}`).toBe('SIGKILL');
    expect(resumed!.status, resumed!.stderr).toBe(0);
    for (const f of FILES) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(reference[f]);
    expect(summaryWithoutTime(dir)).toEqual(referenceSummary);
    const timings = readFileSync(join(dir, 'timings.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).generation);
    expect(timings).toEqual([0, 1, 2]);
    expect(leftovers(dir)).toEqual([]);
  }, 600_000);

  // A resume killed in turn (here as it rewrites lineage.csv's living tail) is resumed again, as exactly.
  it('a resume killed while it cuts the files back is itself resumable', () => {
    const point = pointOf(points, 'write', /^\/events\.jsonl$/, founders);
    const out = join(base, 'twice');
    expect(quinarium([...args, '--out', out], out, { kill: point.n, when: 'after' }).signal).toBe('SIGKILL');
    const dir = runDirIn(out);
    const resume = ['resume', dir, '--threads', '1', '--backend', 'wasm'];
    expect(quinarium(resume, out, { match: '^write /[^/]+/lineage\\.csv$', when: 'before' }).signal).toBe('SIGKILL');
    const again = quinarium(['resume', dir, '--threads', '1', '--backend', 'wasm'], out);
    expect(again.status, again.stderr).toBe(0);
    for (const f of FILES) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(reference[f]);
  }, 600_000);
});
