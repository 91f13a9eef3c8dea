/**
 * Opening a long stored run through the app (issue 12): a synthetic evolution run of
 * 2,000 generations × 32 (bench/syntheticRunDir.ts: real file formats, the engine's own
 * writers) in the runs folder of a real `quinarium serve`, opened through the Runs…
 * dialog in Debian's Chromium. The lineage view must draw all its individuals and the
 * status must show the replayed generation.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../../bench/rendererBench';
import { writeSyntheticRun, type SyntheticRun } from '../../bench/syntheticRunDir';
import type { QuinariumTestHook } from '../../renderer/src/app/testHook';
import { decodePng, saturatedPixels, type Rect } from './pngPixels';
import { startServe, waitFor, type ServedApp } from './servedApp';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const SCREENSHOTS = join(process.cwd(), 'test-output');
const GENERATIONS = 2_000;

describe.skipIf(!haveChromium)('a 2,000-generation stored run opened through the Runs… dialog', () => {
  let work: string;
  let run: SyntheticRun;
  let app: ServedApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const hook = <T>(f: (h: QuinariumTestHook) => T): Promise<T> => page.evaluate(`(${f.toString()})(window.__quinarium)`) as Promise<T>;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'quinarium-open-run-e2e-'));
    run = writeSyntheticRun({ outDir: join(work, 'runs'), generations: GENERATIONS, population: 32, seed: 3 });
    app = await startServe(['--port', '0', '--out', join(work, 'runs')]);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(app.url);
    await waitFor('the page test hook', () => hook((h) => h?.lineageFrame() ?? null));
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('draws every individual of the run and shows its last generation', async () => {
    // 32 founders, then 30 children (32 less evo/default's 2 elites) in each generation that reproduces (all but the last).
    expect(run.individuals).toBe(32 + (GENERATIONS - 1) * 30);
    const lineage = page.locator('#lineage');
    const before = decodePng(await lineage.screenshot());
    await page.click('#btn-open-run');
    const row = page.locator(`.run-row[data-dir="${run.dir}"]`);
    expect(await row.getAttribute('data-status')).toBe('done');
    await row.locator('.run-open').click();
    const frame = await waitFor('the whole lineage drawn', async () => {
      const f = await hook((h) => h.lineageFrame());
      return f && f.nodes === run.individuals ? f : null;
    }, 45_000, 100);
    expect(frame.nodes).toBe(run.individuals);
    expect(await hook((h) => h.nodeCount())).toBe(run.individuals);
    expect(await hook((h) => h.state())).toBe('replay');
    expect(await hook((h) => h.generation())).toBe(GENERATIONS);
    await expect.poll(() => page.locator('#status-generation').textContent()).toBe(`${GENERATIONS} of ${GENERATIONS} generations`);
    // Drawn: the view went from an empty grey canvas to coloured nodes (the legend's colour bar masked out).
    await page.waitForTimeout(300);
    const box = (await lineage.boundingBox())!;
    const legend = await page.locator('#lineage .lineage-legend').boundingBox();
    const masks: Rect[] = legend ? [{ x: Math.floor(legend.x - box.x), y: Math.floor(legend.y - box.y), width: Math.ceil(legend.width) + 1, height: Math.ceil(legend.height) + 1 }] : [];
    const after = decodePng(await lineage.screenshot({ path: join(SCREENSHOTS, 'open-stored-run.png') }));
    expect(saturatedPixels(before, 60, masks)).toBeLessThan(30);
    expect(saturatedPixels(after, 60, masks)).toBeGreaterThan(500);
    expect(pageErrors).toEqual([]);
  });
});
