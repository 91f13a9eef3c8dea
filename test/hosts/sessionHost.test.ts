import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { evolutionPresets } from '../../src/engine/evolve/evolutionSession';
import { parseAlifeCsv } from '../../src/engine/evolve/lineage/alifeCsv';
import { scenarios } from '../../src/engine/scenarios/registry';
import { SessionHost } from '../../src/hosts/sessionHost';
import type { HostMessage, Response, ResultOf, SessionEvent } from '../../src/protocol/messages';

let outDir: string;
beforeAll(async () => {
  await selectBackend('auto');
  outDir = mkdtempSync(join(tmpdir(), 'quinarium-host-'));
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function hostWithLog() {
  const sent: HostMessage[] = [];
  const host = new SessionHost({ outDir, send: (m) => sent.push(m), progressIntervalMs: 0 });
  const events = (): SessionEvent[] => sent.flatMap((m) => ('event' in m ? [m.event] : []));
  let nextId = 1;
  /** Sends one request; returns its result, failing the test with the host's error otherwise. */
  async function call<M extends keyof ResultOf>(method: M, params?: unknown): Promise<ResultOf[M]> {
    const id = nextId++;
    const response = await host.handle(params === undefined ? { id, method } : { id, method, params });
    expect(response.id).toBe(id);
    if (!response.ok) throw new Error(`${method} failed: ${response.error}`);
    return response.result as ResultOf[M];
  }
  const fail = async (message: unknown): Promise<Extract<Response, { ok: false }>> => {
    const response = await host.handle(message);
    expect(response.ok).toBe(false);
    return response as Extract<Response, { ok: false }>;
  };
  return { host, sent, events, call, fail };
}

// One unit of adamax-100 is a full-batch epoch (one step): a real paper run, small enough for a unit test.
const tinyPaper = { epochs: 3, batchSize: 20100, seeds: 1 };

describe('SessionHost with a paper session', () => {
  it('lists every paper scenario and evolution preset once, with its kind', async () => {
    const { call } = hostWithLog();
    const presets = await call('listPresets');
    expect(presets.length).toBe(scenarios().length + evolutionPresets.length);
    expect(new Set(presets.map((p) => p.name)).size).toBe(presets.length);
    expect(presets.find((p) => p.name === 'paper/adamax-100')?.kind).toBe('paper');
    expect(presets.find((p) => p.name === 'evo/default')?.kind).toBe('evolution');
  });

  it("describes a preset's form: schema fields and the preset's own values", async () => {
    const { call } = hostWithLog();
    const described = await call('describeConfig', { preset: 'paper/adamax-100' });
    const scenario = scenarios().find((s) => s.name === 'paper/adamax-100')!;
    expect(described.fields.map((f) => f.path)).toEqual(expect.arrayContaining(['epochs', 'optimizer', 'hillClimb.sigma']));
    // The preset's own choices win over the schema defaults.
    expect(described.values.epochs).toBe(scenario.config.epochs);
    expect(described.values.optimizer).toBe(scenario.config.optimizer ?? 'adamax');
  });

  it('answers bad messages and unknown presets with a reason, never a throw', async () => {
    const { fail } = hostWithLog();
    expect((await fail({ id: 3, method: 'launch' })).error).toMatch(/request\.method: expected one of/);
    expect((await fail('state')).id).toBe(-1);
    expect((await fail({ id: 4, method: 'describeConfig', params: { preset: 'paper/adamax-10' } })).error).toMatch(/unknown preset "paper\/adamax-10" \(did you mean "paper\/adamax-100"\?\)/);
    expect((await fail({ id: 5, method: 'create', params: { preset: 'paper/adamax-100', overrides: { epochs: -1 } } })).error).toMatch(/config\.epochs: expected/);
    expect((await fail({ id: 6, method: 'start' })).error).toBe('start: no session; create one first');
  });

  it('creates, steps exactly one unit, runs without awaiting completion, pauses, stops', async () => {
    const { call, fail, events } = hostWithLog();
    const created = await call('create', { preset: 'paper/adamax-100', overrides: tinyPaper });
    expect(created.kind).toBe('paper');
    expect(existsSync(join(created.runDir, 'config.json'))).toBe(true);
    expect(events().at(-1)).toEqual({ type: 'status', state: 'idle', message: `created paper/adamax-100 in ${created.runDir}` });
    // create starts nothing
    expect((await call('state')).state).toBe('idle');
    expect(events().filter((e) => e.type === 'metrics')).toHaveLength(0);

    expect(await call('step')).toEqual({ state: 'paused' });
    let state = await call('state');
    expect(state.metrics.map((r) => r.epoch)).toEqual([0]); // the initial measurement is the first unit
    expect(await call('step')).toEqual({ state: 'paused' });
    state = await call('state');
    expect(state.metrics.map((r) => r.epoch)).toEqual([0, 1]);
    expect(events().filter((e) => e.type === 'metrics')).toHaveLength(2);
    // snapshot writes between units without advancing
    expect(await call('snapshot')).toEqual({ state: 'paused' });
    expect((await call('state')).metrics).toHaveLength(2);

    // start answers while the run is still going: no 'done' has been sent when it returns
    const started = await call('start');
    expect(started.state).toBe('running');
    expect(events().some((e) => e.type === 'done')).toBe(false);
    expect((await fail({ id: 99, method: 'step' })).error).toMatch(/step: session paper\/adamax-100 is running; pause it first/);

    const paused = await call('pause');
    // pause answers once the loop has stopped between units (or the run ended first)
    expect(['paused', 'done']).toContain(paused.state);
    const rowsAtPause = (await call('state')).metrics.length;
    await new Promise((r) => setImmediate(r));
    expect((await call('state')).metrics.length).toBe(rowsAtPause);

    const stopped = await call('stop');
    expect(['stopped', 'done']).toContain(stopped.state);
    expect(existsSync(join(created.runDir, 'summary.json'))).toBe(true);
    expect(events().filter((e) => e.type === 'done')).toHaveLength(1);

    // A paper run has no individuals to inspect or lineage to export.
    expect((await fail({ id: 100, method: 'inspect', params: { id: 0 } })).error).toMatch(/inspect: session paper\/adamax-100 is a paper run/);
    expect((await fail({ id: 101, method: 'export', params: { format: 'alife-csv' } })).error).toMatch(/export: session .* is a paper run/);

    // The run directory is listed and reads back with the rows the session reported.
    const listed = (await call('listRuns')).find((r) => r.dir === created.runDir);
    expect(listed).toMatchObject({ kind: 'paper', name: 'paper/adamax-100' });
    const replay = await call('openRun', { dir: created.runDir });
    const fileRows = readFileSync(join(created.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').length;
    expect(replay.metrics).toHaveLength(fileRows);
    expect(replay.metrics.map((r) => r.epoch)).toEqual((await call('state')).metrics.map((r) => r.epoch));
    expect(replay.summary).not.toBeNull();
    expect(replay.kind).toBe('paper');
    expect((await fail({ id: 102, method: 'export', params: { format: 'newick' } })).error).toMatch(/has no lineage\.csv/);
  });

  it('refuses to open anything outside its runs folder', async () => {
    const { fail } = hostWithLog();
    expect((await fail({ id: 1, method: 'openRun', params: { dir: '../../etc' } })).error).toMatch(/must be inside the runs folder/);
    expect((await fail({ id: 2, method: 'openRun', params: { dir: '/etc' } })).error).toMatch(/must be inside the runs folder/);
    expect((await fail({ id: 3, method: 'openRun', params: { dir: 'no-such-run' } })).error).toMatch(/does not exist/);
  });

  it('create replaces the current session, stopping it first', async () => {
    const { call, events } = hostWithLog();
    const first = await call('create', { preset: 'paper/adamax-100', overrides: tinyPaper });
    await call('step');
    const second = await call('create', { preset: 'paper/adamax-100', overrides: { ...tinyPaper, epochs: 1 } });
    expect(second.runDir).not.toBe(first.runDir);
    expect(existsSync(join(first.runDir, 'summary.json'))).toBe(true);
    expect(events().filter((e) => e.type === 'status' && e.state === 'stopped')).toHaveLength(1);
    const state = await call('state');
    expect(state).toMatchObject({ state: 'idle', runDir: second.runDir, metrics: [] });
    // The second run's config holds the override.
    const config = JSON.parse(readFileSync(join(second.runDir, 'config.json'), 'utf8')) as { arms: { config: { epochs: number } }[] };
    expect(config.arms[0].config.epochs).toBe(1);
    await call('stop');
  });
});

describe('SessionHost with an evolution session', () => {
  // 3 individuals (tournament size 3 needs at least 3), no lifetime learning, the smallest validation set.
  const tinyEvolution = { population: 3, generations: 4, lifetime: { steps: 0 }, evaluation: { validation: 100 } };

  it('steps a generation, inspects, exports the lineage and reads the run back', async () => {
    const { call, events } = hostWithLog();
    const created = await call('create', { preset: 'evo/default', overrides: tinyEvolution });
    expect(created.kind).toBe('evolution');
    const founders = await call('state');
    expect(founders.individuals.map((i) => i.parent)).toEqual([null, null, null]);

    await call('step');
    const state = await call('state');
    expect(state.generations.map((g) => g.generation)).toEqual([0]);
    // Elites survive; the rest of the population is replaced by children of generation 1.
    const elites = Math.min(2, tinyEvolution.population - 1);
    const children = state.individuals.filter((i) => i.parent !== null);
    expect(children).toHaveLength(tinyEvolution.population - elites);
    expect(children.every((c) => c.born === 1)).toBe(true);
    const births = events().filter((e) => e.type === 'births');
    expect(births.flatMap((e) => (e.type === 'births' ? e.individuals.map((i) => i.id) : []))).toEqual(children.map((c) => c.id));
    expect(events().filter((e) => e.type === 'generation')).toHaveLength(1);

    const alive = state.individuals.find((i) => i.died === null && i.parent === null)!;
    const detail = await call('inspect', { id: alive.id });
    expect(detail.individual.id).toBe(alive.id);
    expect(detail.ancestry.at(-1)?.id).toBe(alive.id);
    expect(detail.weights?.map((w) => w.name)).toEqual(['W1', 'W2']);
    for (const w of detail.weights ?? []) {
      expect(w.theta).toHaveLength(w.rows * w.cols);
      expect(w.predicted).toHaveLength(w.rows * w.cols);
    }
    const child = await call('inspect', { id: children[0].id });
    expect(child.ancestry.map((a) => a.id)).toEqual([children[0].parent, children[0].id]);

    const csv = await call('export', { format: 'alife-csv' });
    expect(csv.mime).toBe('text/csv');
    expect(csv.filename).toMatch(/-lineage\.csv$/);
    const rows = parseAlifeCsv(csv.content);
    expect(rows.map((r) => r.id)).toEqual(state.individuals.map((i) => i.id));
    expect(rows.map((r) => r.ancestors)).toEqual(state.individuals.map((i) => (i.parent === null ? [] : [i.parent])));
    const newick = await call('export', { format: 'newick' });
    expect(newick.content.endsWith(';\n')).toBe(true);
    for (const i of state.individuals) expect(newick.content).toMatch(new RegExp(`\\b${i.id}\\b`));

    await call('stop');
    const replay = await call('openRun', { dir: created.runDir });
    expect(replay.kind).toBe('evolution');
    expect(replay.individuals.map((i) => i.id)).toEqual(state.individuals.map((i) => i.id));
    expect(replay.generations.map((g) => g.generation)).toEqual([0]);
    // After openRun, export reads that run directory's lineage.csv: the same bytes as the live
    // run's export, and the file's own rows (which it holds dead first) in birth order.
    const fromDir = await call('export', { format: 'alife-csv' });
    expect(fromDir.content).toBe(csv.content);
    const [header, ...fileRows] = readFileSync(join(created.runDir, 'lineage.csv'), 'utf8').trimEnd().split('\n');
    expect(fromDir.content).toBe(`${[header, ...fileRows.sort((a, b) => Number(a.split(',')[0]) - Number(b.split(',')[0]))].join('\n')}\n`);
    // The stored run exports the bytes the live one did (one exporter).
    expect((await call('export', { format: 'newick' })).content).toBe(newick.content);
    const jsonl = await call('export', { format: 'jsonl' });
    expect(jsonl.content.trim().split('\n').map((l) => (JSON.parse(l) as { id: number }).id)).toEqual(state.individuals.map((i) => i.id));
    expect((await call('listRuns')).find((r) => r.dir === created.runDir)).toMatchObject({ kind: 'evolution', name: 'evo/default' });
  });
});
