/**
 * The renderer benchmark's `--open-run G` case (issue 12: "the app opens a 10,000-generation
 * × 32 lineage and stays usable"): a stored run of G generations, written by
 * syntheticRunDir.ts into a fresh runs folder, opened through the Runs… dialog of a real
 * `quinarium serve` in headless Chromium, exactly as a user opens a run. It measures the
 * openRun request to its reply (on the page's own WebSocket), the reply's size, the time
 * to the first frame that draws the whole lineage, the longest task that blocked the
 * page meanwhile, the JS heap after (garbage collected), then frames while dragging and
 * while turning the wheel over the lineage with the mouse.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import WebSocket from 'ws';
import type { QuinariumTestHook } from '../renderer/src/app/testHook';
import { startServe, waitFor, type ServedApp } from '../test/e2e/servedApp';
import { writeSyntheticRun } from './syntheticRunDir';

export interface OpenRunCaseOptions {
  generations: number;
  population: number;
  /** Seconds of panning, then as many of zooming. */
  seconds: number;
  executablePath: string;
  chromiumArgs: readonly string[];
}

interface FrameStats { frames: number; meanMs: number; p95Ms: number; maxMs: number }

function stats(samples: readonly number[]): FrameStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    frames: samples.length,
    meanMs: round(samples.reduce((s, x) => s + x, 0) / Math.max(1, samples.length)),
    p95Ms: round(sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? NaN),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
  };
}

/** What the page records of itself (installed before the app's scripts run). */
interface PageLog {
  sent: { at: number; head: string }[];
  received: { at: number; chars: number; head: string }[];
  longTasks: { start: number; ms: number }[];
}

/**
 * Runs in the page before the app: wraps WebSocket so every message the app sends and
 * receives is timed (heads only, never the text kept), and collects long tasks. Plain
 * JavaScript text: tsx would wrap named functions in a helper the page lacks.
 */
const RECORD_PAGE = `(() => {
  const log = { sent: [], received: [], longTasks: [] };
  window.__benchLog = log;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      // Added before the app's own listener: 'at' is when the message arrived, before the app parses it.
      this.addEventListener('message', (e) => {
        const text = typeof e.data === 'string' ? e.data : '';
        log.received.push({ at: performance.now(), chars: text.length, head: text.slice(0, 40) });
      });
    }
    send(data) {
      if (typeof data === 'string') log.sent.push({ at: performance.now(), head: data.slice(0, 200) });
      super.send(data);
    }
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) log.longTasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
})()`;

/** Starts a recorder in the page: every animation frame's interval, and each lineage frame's work (the view's own timing). */
const START_FRAME_RECORDER = `(() => {
  const intervals = [], work = [];
  let running = true, last = performance.now(), frames = window.__quinarium.lineageFrame().frames;
  const tick = (now) => {
    if (!running) return;
    intervals.push(now - last);
    last = now;
    const f = window.__quinarium.lineageFrame();
    if (f.frames !== frames) work.push(f.workMs);
    frames = f.frames;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__benchFrames = { stop: () => { running = false; return { intervals, work }; } };
})()`;

const startFrameRecorder = (page: Page) => page.evaluate(START_FRAME_RECORDER);
const stopFrameRecorder = (page: Page) => page.evaluate('window.__benchFrames.stop()') as Promise<{ intervals: number[]; work: number[] }>;
const nextFrame = (page: Page) => page.evaluate('new Promise((r) => requestAnimationFrame(() => r()))');

/** Frames each phase runs at least, however slow they are (as renderer/src/bench.ts). */
const MIN_FRAMES = 12;

/** Peak resident memory of a process (Linux VmHWM), in MB; null where /proc has none. */
function peakRssMb(pid: number | undefined): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** openRun over a WebSocket of our own: the reply's exact size in bytes and the time without any page. */
async function openRunDirect(app: ServedApp, dir: string): Promise<{ replyBytes: number; ms: number }> {
  const ws = new WebSocket(`ws://127.0.0.1:${app.port}/ws?token=${app.token}`, { headers: { origin: `http://127.0.0.1:${app.port}` }, maxPayload: 2 ** 31 - 1 });
  await new Promise((ok, fail) => { ws.once('open', ok); ws.once('error', fail); });
  try {
    const t0 = performance.now();
    const data = await new Promise<Buffer>((ok, fail) => {
      ws.on('message', (d: Buffer) => { if (d.subarray(0, 8).toString() === '{"id":1,') ok(d); });
      ws.once('error', fail);
      ws.send(JSON.stringify({ id: 1, method: 'openRun', params: { dir } }));
    });
    const ms = performance.now() - t0;
    if (!data.subarray(0, 20).toString().startsWith('{"id":1,"ok":true')) throw new Error(`openRunCase: openRun failed: ${data.subarray(0, 300).toString()}`);
    return { replyBytes: data.length, ms: Math.round(ms) };
  } finally {
    ws.close();
  }
}

export async function openRunCase(o: OpenRunCaseOptions): Promise<Record<string, unknown>> {
  const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const work = mkdtempSync(join(tmpdir(), 'quinarium-open-run-bench-'));
  let app: ServedApp | null = null;
  const browser = await chromium.launch({ executablePath: o.executablePath, args: [...o.chromiumArgs] });
  try {
    const t0 = performance.now();
    const run = writeSyntheticRun({ outDir: join(work, 'runs'), generations: o.generations, population: o.population });
    const writeMs = Math.round(performance.now() - t0);
    app = await startServe(['--port', '0', '--out', join(work, 'runs')]);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.addInitScript({ content: RECORD_PAGE });
    await page.goto(app.url);
    const hook = <T>(f: (h: QuinariumTestHook) => T): Promise<T> => page.evaluate(`(${f.toString()})(window.__quinarium)`) as Promise<T>;
    await waitFor('the page test hook', () => hook((h) => h?.lineageFrame() ?? null));
    await waitFor('the page to take up the (empty) session', async () => (await hook((h) => h.state())) !== 'none' || (await page.locator('#status-state').textContent()) === 'no session');
    const cdp = await page.context().newCDPSession(page);
    const heapMb = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return Math.round(usedSize / 2 ** 20);
    };
    const heapBeforeMb = await heapMb();

    // Runs… → the run's Open button, as a user does.
    await page.click('#btn-open-run');
    await page.locator(`.run-row[data-dir="${run.dir}"] .run-open`).click();
    const drawn = await waitFor('the whole lineage drawn', async () => {
      const f = await hook((h) => h.lineageFrame());
      return f && f.nodes === run.individuals && (await hook((h) => h.state())) === 'replay' ? f : null;
    }, 600_000, 100);
    const log = (await page.evaluate('window.__benchLog')) as PageLog;
    const request = log.sent.find((m) => m.head.includes('"method":"openRun"'));
    if (!request) throw new Error('openRunCase: the page sent no openRun request');
    const id = Number(/"id":(\d+)/.exec(request.head)![1]);
    const replies = log.received.filter((m) => m.head.startsWith(`{"id":${id},`));
    if (replies.length === 0) throw new Error(`openRunCase: no reply to openRun (id ${id}) on the page`);
    const lastReply = replies[replies.length - 1];
    const blocking = log.longTasks.filter((t) => t.start + t.ms >= request.at);
    const heapAfterMb = await heapMb();
    const status = await page.locator('#status-generation').textContent();

    // Pan: drag across the lineage; zoom: the wheel in, then out, over its centre.
    const box = (await page.locator('#lineage').boundingBox())!;
    const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    await startFrameRecorder(page);
    await page.mouse.down();
    for (let k = 0, start = Date.now(); k < MIN_FRAMES || Date.now() - start < (o.seconds / 2) * 1000; k++) {
      const phase = (2 * Math.PI * (Date.now() - start)) / ((o.seconds / 2) * 1000);
      await page.mouse.move(cx + 180 * Math.sin(phase), cy + 60 * Math.sin(2 * phase));
      await nextFrame(page);
    }
    await page.mouse.up();
    const pan = await stopFrameRecorder(page);
    await page.mouse.move(cx, cy);
    const rastersBeforeZoom = (await hook((h) => h.lineageFrame()))!.rasterDraws;
    await startFrameRecorder(page);
    const zoomSteps = Math.max(MIN_FRAMES, 20);
    for (let k = 0; k < zoomSteps; k++) {
      await page.mouse.wheel(0, k < zoomSteps / 2 ? -80 : 80);
      await nextFrame(page);
    }
    // The sharp raster once the wheel has rested (150 ms).
    await page.waitForTimeout(400);
    const zoom = await stopFrameRecorder(page);
    const after = (await hook((h) => h.lineageFrame()))!;
    const direct = await openRunDirect(app, run.dir);
    const loadAtEnd = loadavg().map((x) => Math.round(x * 100) / 100);
    return {
      case: 'open a stored run through the Runs… dialog of quinarium serve',
      loadAverage: { start: loadAtStart, end: loadAtEnd },
      cpus: cpus().length,
      run: { generations: run.generations, population: run.population, individuals: run.individuals, lineageCsvBytes: run.lineageBytes, writeMs },
      openRun: {
        requestToReplyMs: Math.round(lastReply.at - request.at),
        replyMessages: replies.length,
        replyChars: replies.reduce((s, m) => s + m.chars, 0),
        replyBytes: direct.replyBytes,
        requestToFirstLineageFrameMs: Math.round(drawn.at - request.at),
        longestBlockedMs: Math.round(Math.max(0, ...blocking.map((t) => t.ms))),
        blockedMsTotal: Math.round(blocking.reduce((s, t) => s + t.ms, 0)),
        withoutPageMs: direct.ms,
      },
      heapMb: { before: heapBeforeMb, after: heapAfterMb },
      servePeakRssMb: peakRssMb(app.process.pid),
      status,
      levelOfDetail: drawn.levelOfDetail,
      pan: { work: stats(pan.work), interval: stats(pan.intervals) },
      zoom: { work: stats(zoom.work), interval: stats(zoom.intervals), rasterDraws: after.rasterDraws - rastersBeforeZoom },
      pageErrors,
    };
  } finally {
    await browser.close();
    await app?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
