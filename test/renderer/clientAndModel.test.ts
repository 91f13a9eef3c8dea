import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IndividualRow, SessionEvent } from '../../src/protocol/messages';
import { paperSeries } from '../../renderer/src/app/paperSeries';
import { RunModel } from '../../renderer/src/app/runModel';
import { setAt, valueAt } from '../../renderer/src/client/configPaths';
import stored from '../../renderer/src/client/fixtures/sessionRecording.json';
import { createReplayClient } from '../../renderer/src/client/replayClient';
import type { SessionRecording } from '../../renderer/src/client/sessionRecording';
import { PendingRequests } from '../../renderer/src/client/pendingRequests';
import { isHostMessage } from '../../renderer/src/client/webSocketClient';

describe('PendingRequests', () => {
  it('numbers requests and settles each by its own response', async () => {
    const pending = new PendingRequests();
    const a = pending.open('listPresets', undefined);
    const b = pending.open('inspect', { id: 7 });
    expect(a.message).toEqual({ id: 1, method: 'listPresets' });
    expect(b.message).toEqual({ id: 2, method: 'inspect', params: { id: 7 } });
    expect(pending.settle({ id: 2, ok: false, error: 'no such individual 7' })).toBe(true);
    expect(pending.settle({ id: 1, ok: true, result: ['x'] })).toBe(true);
    expect(pending.settle({ id: 1, ok: true, result: [] })).toBe(false);
    await expect(a.result).resolves.toEqual(['x']);
    await expect(b.result).rejects.toThrow('inspect: no such individual 7');
    expect(pending.size).toBe(0);
  });

  it('fails everything still waiting when the connection goes', async () => {
    const pending = new PendingRequests();
    const a = pending.open('state', undefined);
    pending.failAll('connection closed (code 1006)');
    await expect(a.result).rejects.toThrow('state: connection closed (code 1006)');
  });
});

describe('isHostMessage', () => {
  it('accepts responses and event envelopes, nothing else', () => {
    expect(isHostMessage({ id: 3, ok: true, result: 1 })).toBe(true);
    expect(isHostMessage({ event: { type: 'log', message: 'x' } })).toBe(true);
    expect(isHostMessage({ event: { message: 'no type' } })).toBe(false);
    expect(isHostMessage({ id: '3', ok: true })).toBe(false);
    expect(isHostMessage(null)).toBe(false);
  });
});

describe('config paths', () => {
  it('reads nested or flat values and writes nested ones', () => {
    expect(valueAt({ selection: { method: 'pareto' } }, 'selection.method')).toBe('pareto');
    expect(valueAt({ 'selection.method': 'weighted' }, 'selection.method')).toBe('weighted');
    expect(valueAt({ a: 1 }, 'a.b')).toBeUndefined();
    const o: Record<string, unknown> = { population: 8 };
    setAt(o, 'lifetime.steps', 20);
    setAt(o, 'lifetime.lr', 0.1);
    expect(o).toEqual({ population: 8, lifetime: { steps: 20, lr: 0.1 } });
  });
});

describe('paperSeries', () => {
  it('makes one series per arm and lane, in epoch order, skipping rows without the metric', () => {
    const rows = [
      { arm: 'main', lane: 0, epoch: 0, lsr: 90 }, { arm: 'main', lane: 1, epoch: 0, lsr: 95 },
      { arm: 'main', lane: 0, epoch: 1, lsr: 40 }, { arm: 'main', lane: 1, epoch: 1 },
    ];
    const s = paperSeries(rows, 'lsr');
    expect(s.map((x) => [x.label, x.xs, x.ys])).toEqual([['seed lane 0', [0, 1], [90, 40]], ['seed lane 1', [0], [95]]]);
    expect(s[0].colour).not.toBe(s[1].colour);
  });
});

// A real tiny session's recording (test/fixtures/recordSessionFixture.ts): the events a live host sent.
const recording = stored as unknown as SessionRecording;
const evolutionRun = recording.runs.find((r) => r.kind === 'evolution')!;
const population = evolutionRun.overrides.population as number;

describe('RunModel', () => {
  it('follows births, deaths, population and generation events like a live session', () => {
    const model = new RunModel();
    model.loadState(evolutionRun.create.state);
    const changes: string[] = [];
    model.onChange((c) => changes.push([...c].join('+')));
    const unit = evolutionRun.units[0];
    for (const event of unit.events) model.apply(event);
    const births = unit.events.flatMap((e) => (e.type === 'births' ? e.individuals : []));
    const measured = unit.events.find((e) => e.type === 'population')!;
    const summary = unit.events.find((e) => e.type === 'generation')!;
    if (measured.type !== 'population' || summary.type !== 'generation') throw new Error('expected population and generation events');
    expect(births.length).toBeGreaterThan(0);
    expect(model.layout.count).toBe(population + births.length);
    expect(model.layout.living).toBe(population);
    expect(model.generation).toBe(1);
    expect(model.population).toHaveLength(population);
    expect(model.bestSrqOf(summary.summary)).toBeCloseTo(Math.max(...measured.individuals.map((r) => r.srq!)), 12);
    // One change set per event, each naming only the views that read what it carries.
    const expected: Record<string, string> = { population: 'lineage+charts', births: 'lineage', deaths: 'lineage', generation: 'charts+status', progress: 'status', status: 'status' };
    expect(changes).toEqual(unit.events.map((e) => expected[e.type]));
  });

  it('derives best SRQ from best L_SR when no population event was seen (SRQ = ln(N / L_SR))', () => {
    const unit = evolutionRun.units[0];
    const measured = unit.events.find((e) => e.type === 'population');
    if (measured?.type !== 'population') throw new Error('expected a population event');
    const model = new RunModel();
    model.loadState(unit.state);
    const best = Math.max(...measured.individuals.map((r) => r.srq!));
    expect(model.bestSrqOf(unit.state.generations[0])).toBeCloseTo(best, 9);
  });

  it('replays a stored run up to any generation, undoing later deaths', () => {
    const run = Object.values(recording.openRun).find((r) => r.kind === 'evolution')!;
    const model = new RunModel();
    model.loadReplay(run);
    expect(model.state).toBe('replay');
    const last = Math.max(...run.individuals.map((r) => Math.max(r.born, r.died ?? 0)));
    expect(model.replay!.last).toBe(last);
    model.showUpTo(1);
    const shown = run.individuals.filter((r) => r.born <= 1);
    expect(model.layout.count).toBe(shown.length);
    expect(model.layout.living).toBe(population);
    expect(model.generations.map((g) => g.generation)).toEqual([0, 1]);
    const status: SessionEvent = { type: 'status', state: 'running' };
    model.apply(status);
    expect(model.state).toBe('replay');
  });
});

describe('replay client', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('creates, steps exactly one recorded generation, runs to the end and rejects unrecorded presets by name', async () => {
    const client = createReplayClient({ intervalMs: 10, recording });
    const events: SessionEvent[] = [];
    client.onEvent((e) => events.push(e));
    expect((await client.request('listPresets')).map((p) => p.name)).toEqual(recording.runs.map((r) => r.preset));
    await expect(client.request('start')).rejects.toThrow('start: no session; create one first');
    await expect(client.request('create', { preset: 'evo/nope', overrides: {} })).rejects.toThrow(/create: the demo replays recorded runs only .*"evo\/nope" was not recorded/);
    const created = await client.request('create', { preset: 'evo/default', overrides: {} });
    expect(created).toEqual(evolutionRun.create.result);
    expect((await client.request('state')).individuals).toEqual(evolutionRun.create.state.individuals);
    expect(await client.request('step')).toEqual({ state: 'paused' });
    await vi.runAllTimersAsync();
    expect(events.filter((e) => e.type === 'generation')).toHaveLength(1);
    const state = await client.request('state');
    expect(state.state).toBe('paused');
    expect(state.individuals.filter((r: IndividualRow) => r.died === null)).toHaveLength(population);
    await client.request('start');
    await vi.advanceTimersByTimeAsync(200);
    expect((await client.request('state')).state).toBe('done');
    expect(events.filter((e) => e.type === 'generation')).toHaveLength(evolutionRun.units.length);
    expect(events.filter((e) => e.type === 'status').map((e) => (e.type === 'status' ? e.state : '')).slice(-3)).toEqual(['paused', 'running', 'done']);
    const living = (await client.request('state')).individuals.find((r) => r.died === null)!;
    expect((await client.request('inspect', { id: living.id })).weights?.map((w) => w.theta.length === w.rows * w.cols)).toEqual([true, true]);
    const csv = await client.request('export', { format: 'alife-csv' });
    expect(csv.content.split('\n')[0]).toBe('id,ancestor_list,ancestor_id,origin_time,destruction_time,accuracy,lsr,srq,corr,mean_abs_theta,sigma,generation,r2,srq_free,bits,gain,rms_theta,innate_accuracy,transmission_r2,transmission_corr');
  });
});
