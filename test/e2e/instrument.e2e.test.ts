/**
 * The app as a researcher's instrument (issue 14), end to end in Debian's Chromium
 * against a real `quinarium serve`: recolouring the lineage changes its pixels, two
 * stored runs compare (curves, table, config diff), the keyboard pauses and steps,
 * the 1024×700 window keeps every control on screen, and the page survives a
 * server restart (DISCONNECTED, then back at the same URL).
 *
 * Three tiny runs are made through our own WebSocket client before the page opens:
 * two finished ones (seeds 1 and 2) to compare, and a live one the page watches.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuinariumTestHook } from '../../renderer/src/app/testHook';
import { decodePng, saturatedPixels, type Pixels, type Rect } from './pngPixels';
import { EngineProbe, startServe, waitFor, type ServedApp } from './servedApp';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const SCREENSHOTS = join(process.cwd(), 'test-output');
const TINY = { population: 6, lifetime: { steps: 2 }, evaluation: { validation: 100 } };
/** Longest wait for one tiny generation: about a second on an idle machine, far more on a loaded one; the timeout bounds a hung run, it is not what is tested. */
const GENERATION_MS = 240_000;

/** Pixels whose colour differs by more than `threshold` (sum of channel differences) between two same-sized pictures, outside `exclude`. */
function changedPixels(a: Pixels, b: Pixels, threshold = 40, exclude: readonly Rect[] = []): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let changed = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      if (exclude.some((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height)) continue;
      const i = (y * a.width + x) * a.channels, j = (y * b.width + x) * b.channels;
      const d = Math.abs(a.data[i] - b.data[j]) + Math.abs(a.data[i + 1] - b.data[j + 1]) + Math.abs(a.data[i + 2] - b.data[j + 2]);
      if (d > threshold) changed++;
    }
  }
  return changed;
}

/**
 * Every visible control, heading, label and canvas that lies (partly) outside the
 * window. Inside a panel that scrolls vertically, only the horizontal extent must fit
 * (the rest is reached by scrolling) and the panel itself must fit.
 */
function offScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    for (const el of document.querySelectorAll('button, select, input, canvas, h1, h2, h3, label, .status-bar > *, .view-toolbar, .verdict-banner, .replay-bar, .inspector, .compare-view')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || (el as HTMLElement).closest('[hidden]') || getComputedStyle(el).visibility === 'hidden') continue;
      let scrolls = false;
      for (let a = el.parentElement; a; a = a.parentElement) {
        const s = getComputedStyle(a);
        if ((s.overflowY === 'auto' || s.overflowY === 'scroll') && a.scrollHeight > a.clientHeight) scrolls = true;
      }
      const outX = r.left < -1 || r.right > vw + 1;
      const outY = !scrolls && (r.top < -1 || r.bottom > vh + 1);
      if (outX || outY) bad.push(`${describe(el)} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
    }
    return bad;
  });
}

describe.skipIf(!haveChromium)('the app as an instrument, in Chromium against quinarium serve', () => {
  let work: string;
  let runs: string;
  let app: ServedApp;
  let engine: EngineProbe;
  let browser: Browser;
  let page: Page;
  const finished: string[] = [];
  const pageErrors: string[] = [];

  const hook = <T>(f: (h: QuinariumTestHook) => T): Promise<T> => page.evaluate(`(${f.toString()})(window.__quinarium)`) as Promise<T>;
  const engineState = async () => (await engine.call('state')).state;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    work = mkdtempSync(join(tmpdir(), 'quinarium-e2e-instrument-'));
    runs = join(work, 'runs');
    // No --port: serve picks a port and keeps it (with the token) for this runs folder.
    app = await startServe(['--out', runs]);
    engine = await EngineProbe.open(app);
    for (const seed of [1, 2]) {
      const created = await engine.call('create', { preset: 'evo/default', overrides: { ...TINY, generations: 2, seed } });
      await engine.call('start');
      await waitFor(`finished run (seed ${seed})`, async () => (await engineState()) === 'done', 120_000);
      finished.push(created.runDir);
    }
    await engine.call('create', { preset: 'evo/default', overrides: { ...TINY, generations: 500 } });
    await engine.call('start');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(app.url);
    await waitFor('the page test hook', () => page.evaluate(() => Boolean(window.__quinarium)));
    await waitFor('two generations on the page', async () => (await hook((h) => h.generation())) >= 2, 120_000);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    engine?.close();
    await app?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('Space pauses and resumes, S steps exactly one generation', { timeout: 4 * GENERATION_MS }, async () => {
    await page.locator('#lineage canvas.lineage-overlay').focus();
    await page.keyboard.press('Space');
    // Pause waits for the generation in progress to end: minutes on a machine this loaded.
    await waitFor('paused by Space', async () => (await engineState()) === 'paused' && (await hook((h) => h.state())) === 'paused', GENERATION_MS);
    const before = (await engine.call('state')).generations.length;
    await page.keyboard.press('s');
    await waitFor('one generation more', async () => (await engine.call('state')).generations.length === before + 1 && (await hook((h) => h.generation())) === before + 1, GENERATION_MS);
    expect(await engineState()).toBe('paused');
    await page.keyboard.press('Space');
    await waitFor('running again', async () => (await engineState()) === 'running' && (await hook((h) => h.state())) === 'running' && page.locator('#btn-pause').isEnabled());
    // Paused again for the pictures below.
    await page.keyboard.press('Space');
    await waitFor('paused again', async () => (await engineState()) === 'paused', GENERATION_MS);
    expect(pageErrors).toEqual([]);
  });

  it('recolouring the lineage changes its pixels where the nodes are', async () => {
    expect(await engineState()).toBe('paused');
    const box = (await page.locator('#lineage').boundingBox())!;
    const legend = (await page.locator('#lineage .lineage-legend').boundingBox())!;
    const mask: Rect = { x: Math.floor(legend.x - box.x), y: Math.floor(legend.y - box.y), width: Math.ceil(legend.width) + 2, height: Math.ceil(legend.height) + 2 };
    await page.selectOption('#colour-by', 'accuracy');
    await page.waitForTimeout(300);
    const byAccuracy = decodePng(await page.locator('#lineage').screenshot());
    await page.selectOption('#colour-by', 'born');
    await waitFor('the legend names the new metric', async () => (await hook((h) => h.lineageColour())).label === 'birth generation');
    await page.waitForTimeout(300);
    const byBirth = decodePng(await page.locator('#lineage').screenshot({ path: join(SCREENSHOTS, 'lineage-colour-born.png') }));
    // Founders (born 0) turn purple and the newest children yellow: many node pixels change, outside the legend too.
    const changed = changedPixels(byAccuracy, byBirth, 40, [mask]);
    expect(changed).toBeGreaterThan(50);
    // And the nodes are still drawn in colour (the view did not go blank).
    expect(saturatedPixels(byBirth, 60, [mask])).toBeGreaterThan(30);
    await page.selectOption('#colour-by', 'accuracy');
  });

  it('compares two stored runs: overlaid curves, a run table and the config difference', async () => {
    await page.click('#btn-open-run');
    await page.locator('.run-browser').waitFor({ state: 'visible' });
    // The run browser knows each run's status: the two finished ones are done, the live one is running.
    for (const dir of finished) expect(await page.locator(`.run-row[data-dir="${dir}"]`).getAttribute('data-status')).toBe('done');
    expect(await page.locator('.run-row[data-status="running"]').count()).toBe(1);
    for (const dir of finished) await page.locator(`.run-pick[data-dir="${dir}"]`).check();
    await page.click('#btn-compare-runs');
    await page.locator('#compare-view').waitFor({ state: 'visible' });
    const rows = page.locator('#compare-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const seeds = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[5].textContent));
    expect(seeds.sort()).toEqual(['1', '2']);
    // The only config field in which they differ is the seed.
    const diff = await page.locator('#config-diff tbody th').allTextContents();
    expect(diff).toEqual(['seed']);
    // Two curves overlaid in the accuracy chart, in the two runs' colours.
    await page.waitForTimeout(300);
    const chart = decodePng(await page.locator('#compare-accuracy').screenshot());
    expect(saturatedPixels(chart)).toBeGreaterThan(40);
    await page.screenshot({ path: join(SCREENSHOTS, 'app-compare.png') });
    await page.keyboard.press('Escape');
    await page.locator('#compare-view').waitFor({ state: 'hidden' });
  });

  it('keeps every control on screen at 1024×700, with the inspector open too', async () => {
    await page.setViewportSize({ width: 1024, height: 700 });
    await page.waitForTimeout(500);
    expect(await offScreen(page)).toEqual([]);
    const id = (await hook((h) => h.livingIds()))[0];
    const at = await page.evaluate((n) => window.__quinarium!.nodeScreenPosition(n), id);
    await page.mouse.click(at!.x, at!.y);
    await page.locator('#inspector').waitFor({ state: 'visible' });
    await waitFor('the f-vs-θ scatter', async () => (await page.locator('#replication-canvas').count()) === 1);
    // The hover card is hidden while the inspector is open.
    expect(await page.locator('#tooltip').isHidden()).toBe(true);
    expect(await offScreen(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'app-1024.png') });
    await page.keyboard.press('Escape');
    await page.locator('#inspector').waitFor({ state: 'hidden' });
    // Both side panels collapse and come back.
    await page.click('#toggle-controls');
    expect(await page.locator('#controls').isHidden()).toBe(true);
    await page.click('#toggle-controls');
    expect(await page.locator('#controls').isVisible()).toBe(true);
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  it('says DISCONNECTED when the server dies and reconnects when `serve` restarts in the same folder', async () => {
    const url = app.url;
    engine.close();
    await app.stop();
    await waitFor('the disconnected state', async () => (await page.locator('#status-state').getAttribute('data-state')) === 'disconnected', 30_000);
    expect(await page.locator('#btn-start').isDisabled()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'app-disconnected.png') });
    app = await startServe(['--out', runs]);
    // Same folder, same address and token: the page open on the old URL needs no reload.
    expect(app.url).toBe(url);
    engine = await EngineProbe.open(app);
    await waitFor('reconnected', async () => (await page.locator('#status-state').getAttribute('data-state')) !== 'disconnected', 30_000);
    // The new server has no session: the page says so and offers Start again.
    await waitFor('the new server\'s state', async () => (await hook((h) => h.state())) === 'none');
    expect(await page.locator('#btn-start').isEnabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('hides the fields the chosen method does not use, and says what a learning rate of 0 means', async () => {
    await page.selectOption('#preset-select', 'paper/hill-climbing');
    await waitFor('the paper form', async () => (await page.locator('#field-hillClimb-sigma').count()) === 1);
    const visible = (id: string) => page.locator(id).isVisible();
    expect(await visible('#field-hillClimb-sigma')).toBe(true);
    expect(await visible('#field-newton-krylov')).toBe(false);
    expect(await visible('#field-lr')).toBe(false);
    await page.selectOption('#field-method', 'newton');
    expect(await visible('#field-hillClimb-sigma')).toBe(false);
    expect(await visible('#field-newton-krylov')).toBe(true);
    await page.selectOption('#field-method', 'optimise');
    await page.fill('#field-lr', '0');
    await page.selectOption('#field-optimizer', 'adam');
    expect(await page.locator('#field-lr-hint').textContent()).toBe("0 = adam's default, 0.001");
    expect(pageErrors).toEqual([]);
  });
});
