import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { killThenResume, leftovers, pointOf, referenceRun, summaryWithoutTime, type WritePoint } from './faultRun';

// A short paper run with optimiser state: 2 seeds as lanes, 3 Adamax epochs of 201 steps, a checkpoint every epoch.
const args = ['run', 'paper/adamax-100', '--epochs', '3', '--seeds', '2', '--batch-size', '100', '--checkpoint-every', '1', '--threads', '1', '--backend', 'wasm'];
const FILES = ['metrics.jsonl', 'checkpoints/0/theta.npy', 'checkpoints/1/theta.npy', 'checkpoints/0/model.json', 'checkpoints/1/model.json'];

/**
 * Invariant: a paper run SIGKILLed at any write point of an epoch or of a checkpoint,
 * then resumed (`quinarium resume`), ends with the uninterrupted run's metrics.jsonl and
 * lane checkpoints byte for byte (optimiser slots and step, streams and all restored),
 * its summary but wall-clock seconds, and nothing left behind.
 */
describe('paper run: SIGKILL at each write point, then resume', () => {
  const base = mkdtempSync(join(tmpdir(), 'quinarium-faults-paper-'));
  let reference: Record<string, string>;
  let referenceSummary: unknown;
  let points: WritePoint[];
  let firstEpoch: number;

  // Each case is two processes; a loaded machine (8 engineers on 2 cores) needs far more than the default 2 minutes.
  beforeAll(() => {
    const r = referenceRun(base, args, FILES, 'latin1');
    expect(r.run.status, r.run.stderr).toBe(0);
    ({ files: reference, summary: referenceSummary, points } = r);
    // After the first checkpoint (epoch 1) is in place: later kills have one to resume from.
    firstEpoch = pointOf(points, 'rename', /^\/checkpoints\/resume\/latest\.json$/).n;
  }, 600_000);

  const cases: [string, RegExp, 'before' | 'after', string, number][] = [
    ['write', /^\/metrics\.jsonl$/, 'before', "the initial rows (nothing checkpointed yet: it starts over)", 0],
    ['write', /^\/metrics\.jsonl$/, 'after', "an epoch's rows", 1],
    ['write', /^\/timings\.jsonl$/, 'before', 'the timings', 1],
    ['rename', /^\/checkpoints\/resume\/\.tmp-step-\d+-N\/theta\.npy$/, 'before', "the checkpoint's weights", 1],
    ['rename', /^\/checkpoints\/resume\/\.tmp-step-\d+-N\/optimizer-.*\.npy$/, 'after', "the optimiser's slots", 1],
    ['rename', /^\/checkpoints\/resume\/step-N$/, 'after', 'the checkpoint folder renamed into place', 1],
    ['rename', /^\/checkpoints\/resume\/latest\.json$/, 'before', 'the pointer moved', 1],
    ['rm', /^\/checkpoints\/resume\/step-N$/, 'after', 'the older checkpoint deleted', 1],
    ['rename', /^\/checkpoints\/1\/theta\.npy$/, 'before', "the lanes' final checkpoints", 1],
    ['rename', /^\/summary\.json$/, 'before', 'summary.json', 1],
  ];

  it.each(cases)('%s %s, killed %s (%s)', (op, path, when, _what, afterFirst) => {
    const point = pointOf(points, op, path, afterFirst ? firstEpoch : 0);
    const { killed, dir, resumed } = killThenResume(base, args, point, when);
    expect(killed.signal, `the run was not killed at point ${point.n}: ${killed.stderr.slice(-400)}`).toBe('SIGKILL');
    expect(resumed!.status, resumed!.stderr).toBe(0);
    for (const f of FILES) expect(readFileSync(join(dir, f), 'latin1') === reference[f], f).toBe(true);
    expect(summaryWithoutTime(dir)).toEqual(referenceSummary);
    expect(leftovers(dir)).toEqual([]);
  }, 600_000);
});
