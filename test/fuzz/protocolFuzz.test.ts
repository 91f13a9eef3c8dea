import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { evolutionConfigSchema } from '../../src/engine/evolve/evolutionConfig';
import { presets } from '../../src/engine/presets/registry';
import { seededStream } from '../../src/engine/random/streams';
import { paperConfigSchema } from '../../src/engine/scenarios/paperConfig';
import type { Schema } from '../../src/engine/config/schema';
import { EngineProcess } from '../../src/hosts/engineProcess';
import { ENGINE_WORKER } from '../../src/hosts/engineWorkerEntry';
import { createAccessToken } from '../../src/hosts/web/accessToken';
import { startWebServer, type RunningWebServer } from '../../src/hosts/web/webServer';
import { METHODS } from '../../src/protocol/validateRequest';
import { deepJsonText, HOSTILE_STRINGS, hostileValue, pick, PROTOTYPE_KEYS, toJsonText } from './hostileJson';

/** Every key of a schema, at every level (so hostile overrides often name real fields). */
const schemaKeys = (s: Schema): string[] => Object.entries(s).flatMap(([k, f]) => [k, ...(f.kind === 'object' ? schemaKeys(f.fields) : [])]);
const CONFIG_KEYS = [...new Set([...schemaKeys(evolutionConfigSchema), ...schemaKeys(paperConfigSchema)])];
// `start` and `step` are left out: a create that happens to be valid would then compute generations.
const METHODS_FUZZED = METHODS.filter((m) => m !== 'start' && m !== 'step');
const PRESETS = presets.map((p) => p.name);
const MESSAGES = 300;

/**
 * A valid `create` with exactly one thing wrong in it, so that thing alone decides the
 * reply: a prototype key, a field of the wrong type, or a deep chain.
 */
function oneThingWrong(rng: ReturnType<typeof seededStream>): string {
  const overrides: Record<string, unknown> = { population: 4, generations: 1, selection: { elites: 1, method: 'truncation' } };
  const section = rng.next() < 0.5 ? overrides : (overrides.selection as Record<string, unknown>);
  const r = rng.next();
  if (r < 0.4) Object.defineProperty(section, pick(rng, PROTOTYPE_KEYS), { value: { elites: 0, population: 2 }, enumerable: true });
  else if (r < 0.8) section[pick(rng, Object.keys(section))] = hostileValue(rng, CONFIG_KEYS, 2);
  else section.elites = JSON.parse(deepJsonText(17 + rng.int(5_000)));
  return toJsonText({ id: rng.int(1_000_000), method: 'create', params: { preset: 'evo/default', overrides } });
}

/** One hostile WebSocket message as text: garbage, a random value, or a request with something wrong in it. */
function hostileMessage(rng: ReturnType<typeof seededStream>): string {
  const r = rng.next();
  if (r > 0.8) return oneThingWrong(rng);
  if (r < 0.08) return pick(rng, ['{not json', '', '[', '{"id":1,', 'null', '"x"', '1e999', '{"id":1}{"id":2}', '\u0000', deepJsonText(10_000), deepJsonText(10_000, '__proto__')]);
  if (r < 0.2) return toJsonText(hostileValue(rng, ['id', 'method', 'params'], 3));
  const message: Record<string, unknown> = {
    id: rng.next() < 0.85 ? rng.int(1_000_000) : hostileValue(rng, [], 1),
    method: rng.next() < 0.85 ? pick(rng, METHODS_FUZZED) : pick(rng, [...HOSTILE_STRINGS, 'START', 'start ', 'Stop']),
  };
  const p = rng.next();
  const string = () => (rng.next() < 0.5 ? pick(rng, PRESETS) : pick(rng, HOSTILE_STRINGS));
  const params: Record<string, unknown> = {
    describeConfig: { preset: string() },
    create: { preset: string(), overrides: rng.next() < 0.1 ? JSON.parse(deepJsonText(200 + rng.int(10_000), pick(rng, CONFIG_KEYS))) : hostileValue(rng, CONFIG_KEYS, 4) },
    inspect: { id: rng.next() < 0.5 ? rng.int(100) : hostileValue(rng, [], 1) },
    openRun: { dir: pick(rng, HOSTILE_STRINGS) },
    export: { format: pick(rng, ['alife-csv', 'newick', 'jsonl', 'xml', '../x', '']) },
  }[message.method as string] as Record<string, unknown> | undefined ?? {};
  if (p < 0.15) params[pick(rng, [...PROTOTYPE_KEYS, 'extra'])] = hostileValue(rng, CONFIG_KEYS, 2);
  if (p < 0.85) message.params = params;
  else if (p < 0.95) message.params = hostileValue(rng, CONFIG_KEYS, 3);
  if (rng.next() < 0.05) Object.defineProperty(message, pick(rng, PROTOTYPE_KEYS), { value: { method: 'stop' }, enumerable: true });
  return toJsonText(message);
}

/** The id a reply must carry: the message's own when it is a usable one, else -1. */
function expectedId(text: string): number {
  try {
    const m = JSON.parse(text) as { id?: unknown };
    return m !== null && typeof m === 'object' && !Array.isArray(m) && typeof m.id === 'number' && Number.isSafeInteger(m.id) && m.id >= 0 ? m.id : -1;
  } catch {
    return -1;
  }
}

describe('the WebSocket protocol under seeded hostile input (issue 11)', () => {
  let outDir: string;
  let rendererDir: string;
  let engine: EngineProcess;
  let server: RunningWebServer;
  const token = createAccessToken();
  const logged: string[] = [];

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'quinarium-fuzz-runs-'));
    rendererDir = mkdtempSync(join(tmpdir(), 'quinarium-fuzz-page-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><p>page</p>');
    engine = new EngineProcess(ENGINE_WORKER, { outDir });
    server = await startWebServer({ engine, rendererDir, token, port: 0, log: (line) => logged.push(line) });
  });
  afterAll(async () => {
    await server.close();
    await engine.close();
    rmSync(outDir, { recursive: true, force: true });
    rmSync(rendererDir, { recursive: true, force: true });
  });

  // Each message gets exactly one reply, under its own id (or -1), and a refusal is one
  // line that names the problem: never a stack, never an engine-internal TypeError.
  it(`answers each of ${MESSAGES} hostile messages once, with one clear line, and stays up`, async () => {
    const rng = seededStream('quinarium/fuzz/websocket');
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const replies: Record<string, unknown>[] = [];
    let waiting: ((m: Record<string, unknown>) => void) | null = null;
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Record<string, unknown>;
      if ('event' in m) return;
      replies.push(m);
      waiting?.(m);
    });
    const problems: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const text = hostileMessage(rng);
      const before = replies.length;
      const reply = new Promise<Record<string, unknown>>((resolve, reject) => {
        waiting = resolve;
        setTimeout(() => reject(new Error(`message ${i} got no reply in 60 s: ${text.slice(0, 200)}`)), 60_000);
      });
      ws.send(text);
      const r = await reply;
      await new Promise((done) => setTimeout(done, 5)); // a second reply to the same message would land here
      const what = `message ${i} (${text.slice(0, 120)}…)`;
      if (replies.length !== before + 1) problems.push(`${what}: ${replies.length - before} replies`);
      if (r.id !== expectedId(text)) problems.push(`${what}: reply id ${String(r.id)}, expected ${expectedId(text)}`);
      // A prototype key anywhere is refused, never applied (it replaced a config object's prototype).
      if (/"(__proto__|constructor|prototype)":/.test(text) && r.ok !== false) problems.push(`${what}: a prototype key was accepted`);
      if (r.ok === false) {
        const error = String(r.error);
        if (error.includes('\n') || /\n\s+at |TypeError|ReferenceError|RangeError|Maximum call stack|is not a function|Cannot read propert|(?<!got )undefined/.test(error) || error.length > 2000) {
          problems.push(`${what}: unclear error: ${error.slice(0, 300)}`);
        }
      } else if (r.ok !== true) problems.push(`${what}: not a Response: ${JSON.stringify(r).slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
    expect(logged).toEqual([]);
    // Still up: a real request and the page.
    const state = new Promise<Record<string, unknown>>((resolve) => { waiting = resolve; });
    ws.send(JSON.stringify({ id: 424242, method: 'state' }));
    expect(await state).toMatchObject({ id: 424242, ok: true });
    ws.close();
    const page = await new Promise<number>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port: server.port, path: new URL(server.url).pathname + new URL(server.url).search, headers: { host: `127.0.0.1:${server.port}` } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); })
        .on('error', reject).end();
    });
    expect(page).toBe(200);
  });

  it('closes a connection whose frame is over the 1 MB cap, and serves the next one', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`);
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(`{"id":1,"method":"state","params":{"x":"${'x'.repeat(2 << 20)}"}}`);
    expect(await closed).toBe(1009);
    const again = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${token}`);
    await new Promise((resolve, reject) => { again.once('open', resolve); again.once('error', reject); });
    const reply = new Promise<unknown>((resolve) => again.once('message', (d) => resolve(JSON.parse(d.toString()))));
    again.send(JSON.stringify({ id: 2, method: 'state' }));
    expect(await reply).toMatchObject({ id: 2, ok: true });
    again.close();
  });
});
