import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineProcess } from '../../src/hosts/engineProcess';
import { ENGINE_WORKER } from '../../src/hosts/engineWorkerEntry';

describe('EngineProcess (the engine in a worker thread, from TypeScript sources)', () => {
  let engine: EngineProcess;
  let outDir: string;

  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'quinarium-engine-'));
    engine = new EngineProcess(ENGINE_WORKER, { outDir });
  });
  afterAll(async () => {
    await engine.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('answers through the worker, under the caller’s own id', async () => {
    const response = await engine.request({ id: 41, method: 'listPresets' });
    expect(response.id).toBe(41);
    expect(response.ok).toBe(true);
    expect((response as { result: { name: string }[] }).result.map((p) => p.name)).toContain('evo/default');
  });

  it('keeps two callers with the same id apart', async () => {
    const [a, b] = await Promise.all([
      engine.request({ id: 1, method: 'describeConfig', params: { preset: 'paper/regeneration' } }),
      engine.request({ id: 1, method: 'describeConfig', params: { preset: 'evo/default' } }),
    ]);
    expect(a).toMatchObject({ id: 1, ok: true, result: { preset: 'paper/regeneration' } });
    expect(b).toMatchObject({ id: 1, ok: true, result: { preset: 'evo/default' } });
  });

  it('refuses an invalid message on the main thread', async () => {
    expect(await engine.request({ id: 2, method: 'export', params: { format: 'pdf' } })).toMatchObject({ id: 2, ok: false, error: expect.stringMatching(/format/) });
  });

  it('forwards session events and creates runs in its runs folder', async () => {
    const events: string[] = [];
    const off = engine.onEvent((m) => events.push(m.event.type));
    const created = await engine.request({ id: 3, method: 'create', params: { preset: 'paper/adamax-100', overrides: { epochs: 1, batchSize: 20100, seeds: 1 } } });
    expect(created).toMatchObject({ ok: true, result: { kind: 'paper', runDir: expect.stringContaining(outDir) } });
    expect(await engine.request({ id: 4, method: 'step' })).toEqual({ id: 4, ok: true, result: { state: 'paused' } });
    off();
    // created (status idle), then the unit's metrics and its status
    expect(events).toEqual(expect.arrayContaining(['status', 'metrics']));
  });
});

describe('EngineProcess when its worker fails', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'quinarium-engine-fail-'));

  // Every request gets exactly one Response, carrying the reason, and the pages see one error status.
  it('answers every request with the reason once the worker has exited, and reports it once', async () => {
    const engine = new EngineProcess(new URL('./fixtures/exitingEngineWorker.ts', import.meta.url), { outDir });
    const statuses: string[] = [];
    engine.onEvent((m) => { if (m.event.type === 'status') statuses.push(`${m.event.state}: ${m.event.message}`); });
    const first = await engine.request({ id: 7, method: 'listPresets' });
    expect(first).toEqual({ id: 7, ok: false, error: 'listPresets: engine worker exited (code 3)' });
    expect(await engine.request({ id: 8, method: 'state' })).toEqual({ id: 8, ok: false, error: 'state: engine worker exited (code 3)' });
    expect(statuses).toEqual(['error: engine worker exited (code 3)']);
    await engine.close();
  });

  it('answers with the setup failure when the worker cannot get ready', async () => {
    const engine = new EngineProcess(new URL('./fixtures/failingEngineWorker.ts', import.meta.url), { outDir });
    const r = await engine.request({ id: 9, method: 'listPresets' });
    expect(r).toMatchObject({ id: 9, ok: false, error: expect.stringMatching(/^listPresets: engine worker failed: backend "tensorflow" could not load/) });
    await engine.close();
  });
});

describe('bin/start-desktop.mjs', () => {
  it('says in one line that Electron is unavailable and points to quinarium serve', () => {
    const empty = mkdtempSync(join(tmpdir(), 'quinarium-no-electron-'));
    // ELECTRON_OVERRIDE_DIST_PATH names where the binary must be: an empty folder means "not available" on any machine.
    const result = spawnSync(process.execPath, ['bin/start-desktop.mjs'], { env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty }, encoding: 'utf8', timeout: 60_000 });
    rmSync(empty, { recursive: true });
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^quinarium: the Electron binary is not available .*npx quinarium serve/);
  });
});
