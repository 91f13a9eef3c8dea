/**
 * The page's demo mode (`?demo=1`) end to end: the renderer built with Vite, served
 * as static files (no engine), replaying the recorded real session in Chromium.
 * What the page shows is checked against the recording itself.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer, CHROMIUM_ARGS, serveFolder } from '../../bench/rendererBench';
import stored from '../../renderer/src/client/fixtures/sessionRecording.json';
import type { SessionRecording } from '../../renderer/src/client/sessionRecording';
import { waitFor } from './servedApp';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const SCREENSHOTS = join(process.cwd(), 'test-output');
const recording = stored as unknown as SessionRecording;
const evolution = recording.runs.find((r) => r.kind === 'evolution')!;
const paper = recording.runs.find((r) => r.kind === 'paper')!;

describe.skipIf(!haveChromium)('demo mode replays the recorded session in Chromium', () => {
  let outDir: string;
  let server: Server;
  let url: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const hook = <T>(f: (h: NonNullable<Window['__quinarium']>) => T): Promise<T> => page.evaluate(`(${f.toString()})(window.__quinarium)`) as Promise<T>;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    outDir = mkdtempSync(join(tmpdir(), 'quinarium-demo-e2e-'));
    await buildRenderer(outDir);
    ({ server, url } = await serveFolder(outDir));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${url}/index.html?demo=1&run=${encodeURIComponent(evolution.preset)}`);
    await waitFor('the page test hook', () => page.evaluate(() => Boolean(window.__quinarium)));
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('plays the recorded evolution to its end and draws every recorded individual', async () => {
    await waitFor('the replayed run to finish', async () => (await hook((h) => h.state())) === 'done', 30_000);
    const final = evolution.units.at(-1)!.state;
    expect(await hook((h) => h.generation())).toBe(final.generations.length);
    expect((await hook((h) => h.nodeIds())).sort((a, b) => a - b)).toEqual(final.individuals.map((i) => i.id).sort((a, b) => a - b));
    expect(await page.locator('#status').textContent()).toContain('demo');
    await page.screenshot({ path: join(SCREENSHOTS, 'app-demo.png') });
    expect(pageErrors).toEqual([]);
  });

  it('opens the inspector on a recorded individual with its (thinned) weights', async () => {
    const id = (await hook((h) => h.livingIds()))[0];
    const at = await page.evaluate((n) => window.__quinarium!.nodeScreenPosition(n), id);
    expect(at).not.toBeNull();
    await page.mouse.click(at!.x, at!.y);
    await expect.poll(() => page.locator('#inspector-title').textContent()).toBe(`Individual #${id}`);
    await waitFor('weight pictures', async () => (await page.locator('#inspector .weights canvas').count()) >= 2);
    await page.click('#inspector-close');
  });

  it('runs the recorded paper scenario from the preset picker', async () => {
    await page.selectOption('#preset-select', paper.preset);
    await page.click('#btn-start');
    await waitFor('the replayed paper run to finish', async () => (await hook((h) => h.state())) === 'done', 30_000);
    expect(await hook((h) => h.generation())).toBe(Math.max(...paper.units.at(-1)!.state.metrics.map((r) => Number(r.epoch))));
    await page.locator('#paper-view').waitFor({ state: 'visible' });
    expect(pageErrors).toEqual([]);
  });
});
