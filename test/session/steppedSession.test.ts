import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/protocol/events';
import { SteppedSession, type SteppedRun } from '../../src/engine/session/steppedSession';

/** A run of `units` steps that each take a few ms, recording what happened. */
class CountingRun implements SteppedRun {
  readonly runDir = '/nowhere';
  steps = 0;
  snapshots = 0;
  finished = 0;
  constructor(private readonly units: number) {}
  get done(): boolean { return this.steps >= this.units; }
  async step(): Promise<boolean> {
    await new Promise((r) => setTimeout(r, 5));
    this.steps += 1;
    return !this.done;
  }
  finish(): Record<string, unknown> { this.finished += 1; return { steps: this.steps }; }
  snapshot(): void { this.snapshots += 1; }
}

function record(session: SteppedSession): SessionEvent[] {
  const events: SessionEvent[] = [];
  session.on((e) => events.push(e));
  return events;
}

describe('SteppedSession', () => {
  it('runs to completion, finishing once with a done event', async () => {
    const run = new CountingRun(5);
    const s = new SteppedSession(run);
    const events = record(s);
    await s.start();
    expect(run.steps).toBe(5);
    expect(run.finished).toBe(1);
    expect(s.state).toBe('done');
    expect(events.map((e) => e.type)).toEqual(['status', 'done', 'status']);
    expect(events.at(-1)).toEqual({ type: 'status', state: 'done', message: undefined });
  });

  it('pause stops between units and no unit runs while paused', async () => {
    const run = new CountingRun(1000);
    const s = new SteppedSession(run);
    const loop = s.start();
    await new Promise((r) => setTimeout(r, 40));
    s.pause();
    await loop;
    expect(s.state).toBe('paused');
    const at = run.steps;
    await new Promise((r) => setTimeout(r, 60));
    expect(run.steps).toBe(at);
    expect(run.finished).toBe(0);
  });

  it('step advances exactly one unit while paused, then resume continues', async () => {
    const run = new CountingRun(10);
    const s = new SteppedSession(run);
    await s.stepOnce();
    expect(run.steps).toBe(1);
    expect(s.state).toBe('paused');
    await s.stepOnce();
    expect(run.steps).toBe(2);
    await s.start();
    expect(run.steps).toBe(10);
    expect(s.state).toBe('done');
  });

  it('stop ends a running session after the current unit and finishes it as stopped', async () => {
    const run = new CountingRun(1000);
    const s = new SteppedSession(run);
    const events = record(s);
    void s.start();
    await new Promise((r) => setTimeout(r, 30));
    await s.stop();
    expect(s.state).toBe('stopped');
    expect(run.finished).toBe(1);
    expect(run.steps).toBeLessThan(1000);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
    await s.stop();
    expect(run.finished).toBe(1);
  });

  it('snapshot delegates to the run', async () => {
    const run = new CountingRun(3);
    const s = new SteppedSession(run);
    await s.snapshot();
    expect(run.snapshots).toBe(1);
  });

  it('an error in a unit is reported as an error state with its message', async () => {
    const run = new CountingRun(3);
    run.step = async () => { throw new Error('lane 2 diverged badly'); };
    const s = new SteppedSession(run);
    const events = record(s);
    await s.start();
    expect(s.state).toBe('error');
    expect(s.error?.message).toBe('lane 2 diverged badly');
    expect(events.at(-1)).toEqual({ type: 'status', state: 'error', message: 'lane 2 diverged badly' });
  });
});
