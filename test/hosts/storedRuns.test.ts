/**
 * What the app reads of stored runs through the host: each run's status and results in
 * the listing, a run's summary without its lineage, resuming a stopped run, the weights
 * of individuals the live population no longer holds (from the checkpoint, f
 * recomputed), a paper run's lane, and the stable address `serve` keeps per folder.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { readEvolutionCheckpoint } from '../../src/engine/evolve/evolutionCheckpoint';
import { paramLayout } from '../../src/engine/models/layout';
import { readNpy } from '../../src/engine/store/npy';
import { lastJsonLine } from '../../src/hosts/runDirectoryReader';
import { SessionHost } from '../../src/hosts/sessionHost';
import { loadServeIdentity, saveServeIdentity, SERVE_IDENTITY_FILE } from '../../src/hosts/web/serveIdentity';
import type { ResultOf } from '../../src/protocol/messages';

let outDir: string;
beforeAll(async () => {
  await selectBackend('auto');
  outDir = mkdtempSync(join(tmpdir(), 'quinarium-stored-'));
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function host() {
  const h = new SessionHost({ outDir, send: () => {}, progressIntervalMs: 0 });
  let id = 1;
  return async function call<M extends keyof ResultOf>(method: M, params?: unknown): Promise<ResultOf[M]> {
    const response = await h.handle(params === undefined ? { id: id++, method } : { id: id++, method, params });
    if (!response.ok) throw new Error(`${method} failed: ${response.error}`);
    return response.result as ResultOf[M];
  };
}

const tiny = { population: 3, generations: 3, lifetime: { steps: 1 }, evaluation: { validation: 100 } };

describe('stored evolution runs through the host', () => {
  it('lists status, progress, size, seed and best results; resumes a stopped run to done', async () => {
    const call = host();
    const created = await call('create', { preset: 'evo/default', overrides: { ...tiny, seed: 5 } });
    expect((await call('listRuns')).find((r) => r.dir === created.runDir)?.status).toBe('running');
    await call('step');
    await call('stop');
    const stopped = (await call('listRuns')).find((r) => r.dir === created.runDir)!;
    const last = JSON.parse(readFileSync(join(created.runDir, 'generations.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    expect(stopped).toMatchObject({ status: 'stopped', done: 1, total: 3, size: 3, seed: 5, resumable: true });
    expect(stopped.best).toEqual({ accuracy: last.bestAccuracy, r2: last.bestR2, lsr: last.bestLsr, rmsTheta: last.meanRmsTheta });

    const summary = await call('runSummary', { dir: created.runDir });
    expect(summary.generations.map((g) => g.generation)).toEqual([0]);
    expect((summary.config.config as { seed: number }).seed).toBe(5);
    expect(summary).not.toHaveProperty('individuals');

    const resumed = await call('resumeRun', { dir: created.runDir });
    expect(resumed).toMatchObject({ runDir: created.runDir, kind: 'evolution', preset: 'evo/default' });
    expect((await call('state')).generations).toHaveLength(1);
    await call('step');
    await call('step');
    expect((await call('state')).state).toBe('done');
    const done = (await call('listRuns')).find((r) => r.dir === created.runDir)!;
    expect(done).toMatchObject({ status: 'done', done: 3, total: 3, resumable: false });
    await expect(call('resumeRun', { dir: join(outDir, '..') })).rejects.toThrow(/inside the runs folder/);
  });

  it('lists a run with no summary (killed) as failed', async () => {
    const call = host();
    const created = await call('create', { preset: 'evo/default', overrides: { ...tiny, seed: 6 } });
    await call('step');
    // A second create replaces the session; make the first look killed: its summary never written.
    await call('create', { preset: 'evo/default', overrides: { ...tiny, seed: 7 } });
    rmSync(join(created.runDir, 'summary.json'), { force: true });
    const listed = (await call('listRuns')).find((r) => r.dir === created.runDir)!;
    expect(listed).toMatchObject({ status: 'failed', done: 1, resumable: true });
  });

  it("gives the weights of an individual the population no longer holds from the checkpoint, with the live run's predictions", async () => {
    const call = host();
    const created = await call('create', { preset: 'evo/default', overrides: { ...tiny, generations: 5, checkpointEvery: 1, seed: 8 } });
    await call('step');
    const state = await call('state');
    // An elite measured in generation 0 and alive now: the live inspect has its measured weights and predictions.
    const elite = state.individuals.find((i) => i.died === null && i.parent === null && i.accuracy !== null)!;
    const live = await call('inspect', { id: elite.id });
    expect(live.weightsFrom).toMatch(/live population/);
    const stored = await call('inspectStored', { dir: created.runDir, id: elite.id });
    expect(stored.weightsFrom).toMatch(/checkpoint of generation 1/);
    // The checkpoint's θ is population.npy's row, read here independently.
    const n = paramLayout('auxiliary').count;
    const { state: file, thetas } = readEvolutionCheckpoint(created.runDir, n);
    const lane = file.ids.indexOf(elite.id);
    const w1 = paramLayout('auxiliary').blocks.find((b) => b.name === 'W1')!;
    expect(stored.weights![0].theta).toEqual(Array.from(thetas[lane].subarray(w1.offset, w1.offset + 100 * 100)));
    // Under lamarckian inheritance an elite carries its learned weights: the same θ, so the same f as the live measurement.
    expect(stored.weights![0].theta).toEqual(live.weights![0].theta);
    const f0 = live.weights![1].predicted, f1 = stored.weights![1].predicted;
    const worst = f0.reduce((m, v, i) => Math.max(m, Math.abs(v - f1[i])), 0);
    expect(worst).toBeLessThan(1e-5 * Math.max(...f0.map(Math.abs)));
    // A child unborn at the checkpoint has no stored weights, but its lineage row and ancestry come back.
    await call('stop');
    const founder = state.individuals.find((i) => i.parent === null && i.died !== null);
    if (founder) {
      const gone = await call('inspectStored', { dir: created.runDir, id: founder.id });
      expect(gone.weights).toBeUndefined();
      expect(gone.ancestry.map((a) => a.id)).toEqual([founder.id]);
    }
  });
});

describe('a paper run lane through inspectStored', () => {
  it("recomputes the lane's quine from its checkpoint: θ is theta.npy and r2 matches the run's last measurement", async () => {
    const call = host();
    const created = await call('create', { preset: 'paper/adamax-100', overrides: { epochs: 1, batchSize: 20100, seeds: 1 } });
    await call('start');
    for (let i = 0; i < 200 && (await call('state')).state !== 'done'; i++) await new Promise((r) => setTimeout(r, 100));
    const detail = await call('inspectStored', { dir: created.runDir, id: 0 });
    const theta = readNpy(join(created.runDir, 'checkpoints', '0', 'theta.npy')).data as Float32Array;
    const w2 = paramLayout('vanilla').blocks.find((b) => b.name === 'W2')!;
    expect(detail.weights![1].theta).toEqual(Array.from(theta.subarray(w2.offset, w2.offset + 100 * 100)));
    const last = lastJsonLine<{ lane: number; r2: number; lsr: number }>(join(created.runDir, 'metrics.jsonl'))!;
    expect(detail.individual.r2).toBeCloseTo(last.r2, 6);
    expect(detail.individual.lsr! / last.lsr).toBeCloseTo(1, 5);
    const listed = (await call('listRuns')).find((r) => r.dir === created.runDir)!;
    expect(listed).toMatchObject({ kind: 'paper', status: 'done', done: 1, total: 1, size: 1 });
  });
});

describe('serve identity', () => {
  it('keeps one token, port and path id per folder, readable by its owner only, and starts afresh from a damaged file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'quinarium-identity-'));
    try {
      const first = loadServeIdentity(folder);
      expect(first.port).toBeNull();
      expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(first.serverId).toMatch(/^[A-Za-z0-9_-]{12}$/);
      saveServeIdentity(folder, { token: first.token, port: 43210, serverId: first.serverId });
      expect(statSync(join(folder, SERVE_IDENTITY_FILE)).mode & 0o777).toBe(0o600);
      expect(loadServeIdentity(folder)).toEqual({ token: first.token, port: 43210, serverId: first.serverId });
      writeFileSync(join(folder, SERVE_IDENTITY_FILE), '{"token": "short", "port": 1}');
      const fresh = loadServeIdentity(folder);
      expect(fresh.token).not.toBe(first.token);
      expect(fresh.port).toBeNull();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
