import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IndividualRow, SessionEvent } from '../../src/protocol/messages';
import { paperSeries } from '../../renderer/src/app/paperSeries';
import { RunModel } from '../../renderer/src/app/runModel';
import { setAt, valueAt } from '../../renderer/src/client/configPaths';
import { createDemoClient } from '../../renderer/src/client/demoClient';
import { DemoEvolution } from '../../renderer/src/client/demoEvolution';
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

describe('RunModel', () => {
  const evolution = () => new DemoEvolution({ population: 6, seed: 2 });

  it('follows births, deaths, population and generation events like a live session', () => {
    const model = new RunModel();
    const run = evolution();
    model.reset('evolution', 'evo/default', 'runs/x');
    model.apply({ type: 'births', individuals: run.individuals() });
    const changes: string[] = [];
    model.onChange((c) => changes.push([...c].join('+')));
    const e = run.step();
    model.apply({ type: 'population', generation: e.generation, individuals: e.population });
    model.apply({ type: 'births', individuals: e.births });
    model.apply({ type: 'deaths', ids: e.deaths, generation: 1 });
    model.apply({ type: 'generation', summary: e.summary });
    expect(model.layout.count).toBe(6 + e.births.length);
    expect(model.layout.living).toBe(6);
    expect(model.generation).toBe(1);
    expect(model.population).toHaveLength(6);
    expect(model.bestSrqOf(e.summary)).toBeCloseTo(Math.max(...e.population.map((r) => r.srq!)), 12);
    expect(changes).toEqual(['lineage+charts', 'lineage', 'lineage', 'charts+status']);
  });

  it('derives best SRQ from best L_SR when no population event was seen (SRQ = ln(N / L_SR))', () => {
    const run = evolution();
    const e = run.step();
    const model = new RunModel();
    model.loadState({ state: 'paused', preset: 'evo/default', runDir: 'r', kind: 'evolution', individuals: run.individuals(), generations: run.generations(), metrics: [] });
    const best = Math.max(...e.population.map((r) => r.srq!));
    expect(model.bestSrqOf(e.summary)).toBeCloseTo(best, 9);
  });

  it('replays a stored run up to any generation, undoing later deaths', () => {
    const run = evolution();
    for (let g = 0; g < 5; g++) run.step(g < 4);
    const model = new RunModel();
    model.loadReplay({ dir: 'runs/old', kind: 'evolution', config: { preset: 'evo/default' }, individuals: run.individuals(), generations: run.generations(), metrics: [], summary: null });
    expect(model.state).toBe('replay');
    expect(model.replay!.last).toBe(4);
    model.showUpTo(2);
    const shown = run.individuals().filter((r) => r.born <= 2);
    expect(model.layout.count).toBe(shown.length);
    expect(model.layout.living).toBe(6);
    expect(model.generations.map((g) => g.generation)).toEqual([0, 1, 2]);
    const status: SessionEvent = { type: 'status', state: 'running' };
    model.apply(status);
    expect(model.state).toBe('replay');
  });
});

describe('demo client', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('creates, steps exactly one generation, and rejects unknown presets by name', async () => {
    const client = createDemoClient({ intervalMs: 10 });
    const events: SessionEvent[] = [];
    client.onEvent((e) => events.push(e));
    await expect(client.request('create', { preset: 'evo/nope', overrides: {} })).rejects.toThrow(/create: unknown preset 'evo\/nope'/);
    const created = await client.request('create', { preset: 'evo/default', overrides: { population: 5, generations: 3 } });
    expect(created.kind).toBe('evolution');
    await client.request('step');
    await vi.runAllTimersAsync();
    expect(events.filter((e) => e.type === 'generation')).toHaveLength(1);
    const state = await client.request('state');
    expect(state.state).toBe('paused');
    expect(state.individuals.filter((r: IndividualRow) => r.died === null)).toHaveLength(5);
    await client.request('start');
    await vi.advanceTimersByTimeAsync(100);
    expect((await client.request('state')).state).toBe('done');
    expect(events.filter((e) => e.type === 'generation')).toHaveLength(3);
    const csv = await client.request('export', { format: 'alife-csv' });
    expect(csv.content.split('\n')[0]).toBe('id,ancestor_list,origin_time,destruction_time,accuracy,lsr,srq,corr,mean_abs_theta,sigma,generation');
  });
});
