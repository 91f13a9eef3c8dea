import { syntheticLineage } from './lineage/syntheticLineage';
import { LineageLayout } from './lineage/lineageLayout';
import { LineageView } from './lineage/lineageView';
import { panBy, zoomAround, type ViewTransform } from './lineage/viewTransform';

/** Frame-time statistics of one phase of the animation. */
interface FrameStats { frames: number; meanMs: number; p95Ms: number; maxMs: number }

export interface BenchCase {
  nodes: number;
  population: number;
  /** Generations the synthetic lineage spans. */
  generations: number;
  layoutMs: number;
  /** First frame: particle and edge buffers built from scratch. */
  firstFrameMs: number;
  /** Work per frame (camera change, node rescale when zooming, draw, gl.finish). */
  pan: FrameStats;
  zoom: FrameStats;
  /** Panning zoomed in on the last 100 generations (what a reader inspecting nodes does). */
  detail: FrameStats;
  all: FrameStats;
  /** Whether the fitted view drew extinct lineages as the level-of-detail raster, and the most primitives any frame drew one by one. */
  levelOfDetail: boolean;
  maxPrimitives: number;
  /** Level-of-detail rasters drawn over all the case's frames (panning moves the last one instead). */
  rasterDraws: number;
  /** requestAnimationFrame to requestAnimationFrame: what the user sees (≥ the display's interval). */
  interval: FrameStats;
}

export interface BenchResult { gpu: string; userAgent: string; viewport: { width: number; height: number }; cases: BenchCase[] }

declare global {
  interface Window { __benchResult?: BenchResult; __benchError?: string }
}

function stats(samples: number[]): FrameStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / Math.max(1, samples.length);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? NaN;
  const round = (x: number) => Math.round(x * 100) / 100;
  return { frames: samples.length, meanMs: round(mean), p95Ms: round(p95), maxMs: round(sorted[sorted.length - 1] ?? NaN) };
}

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));

/** Frames each phase runs at least, however slow they are, so the statistics mean something. */
const MIN_FRAMES = 12;

/**
 * Builds a synthetic lineage of `nodes`, lays it out, then animates the camera:
 * `seconds / 2` (and at least MIN_FRAMES frames) panning, then as long zooming
 * around the centre, timing each frame's work until the GPU has finished it.
 * nodes = 0 measures the empty view: the floor set by the machine and browser.
 */
const query = new URLSearchParams(location.search);

async function runCase(view: LineageView, nodes: number, population: number, seconds: number): Promise<BenchCase> {
  const rows = syntheticLineage(nodes, population, 1);
  const generations = rows.reduce((m, r) => Math.max(m, r.born), 0) + 1;
  const t0 = performance.now();
  const layout = new LineageLayout();
  layout.upsert(rows);
  layout.update();
  const layoutMs = performance.now() - t0;
  view.setLayout(layout);
  const t1 = performance.now();
  view.renderNow();
  view.finishGpu();
  const firstFrameMs = performance.now() - t1;
  await nextFrame();
  const start: ViewTransform = view.transform;
  const levelOfDetail = view.levelOfDetail;
  const rastersBefore = view.rasterDraws;
  let maxPrimitives = view.lastPrimitives;
  const pan: number[] = [], zoom: number[] = [], interval: number[] = [];
  let phaseStart = performance.now();
  let zooming = false;
  let last = await nextFrame();
  for (;;) {
    const now = await nextFrame();
    interval.push(now - last);
    last = now;
    const elapsed = (performance.now() - phaseStart) / 1000;
    const frames = zooming ? zoom.length : pan.length;
    if (elapsed > seconds / 2 && frames >= MIN_FRAMES) {
      if (zooming) break;
      zooming = true;
      phaseStart = performance.now();
    }
    const phase = (elapsed * Math.PI * 2) / (seconds / 2);
    const box = document.getElementById('bench-host')!.getBoundingClientRect();
    const t = zooming
      ? zoomAround(start, box.width / 2, box.height / 2, 1 + 2.5 * (1 - Math.cos(phase)), 1 + 2.5 * (1 - Math.cos(phase)))
      : panBy(start, 180 * Math.sin(phase), 60 * Math.sin(2 * phase));
    view.setTransform(t);
    const f0 = performance.now();
    view.renderNow();
    view.finishGpu();
    (zooming ? zoom : pan).push(performance.now() - f0);
    if (query.has('trace')) console.log(`${zooming ? 'zoom' : 'pan'} ${(performance.now() - f0).toFixed(1)} ms rasters ${view.rasterDraws}`);
    maxPrimitives = Math.max(maxPrimitives, view.lastPrimitives);
  }
  // Zoomed onto the last 100 generations, panning across them.
  const box = document.getElementById('bench-host')!.getBoundingClientRect();
  const bounds = layout.bounds();
  const zx = box.width / 100;
  const near: ViewTransform = { zx, zy: start.zy, tx: box.width - 20 - bounds.maxX * zx, ty: start.ty };
  const detail: number[] = [];
  for (let k = 0; k < Math.max(MIN_FRAMES, 4 * seconds * 10); k++) {
    view.setTransform(panBy(near, 200 * Math.sin(k / 5), 0));
    await nextFrame();
    const f0 = performance.now();
    view.renderNow();
    view.finishGpu();
    detail.push(performance.now() - f0);
    maxPrimitives = Math.max(maxPrimitives, view.lastPrimitives);
  }
  return {
    nodes, population, generations, layoutMs: Math.round(layoutMs), firstFrameMs: Math.round(firstFrameMs),
    pan: stats(pan), zoom: stats(zoom), detail: stats(detail), all: stats([...pan, ...zoom, ...detail]), levelOfDetail, maxPrimitives, rasterDraws: view.rasterDraws - rastersBefore, interval: stats(interval),
  };
}

async function main(): Promise<void> {
  const sizes = (query.get('n') ?? '0,10000,50000').split(',').map(Number);
  const seconds = Number(query.get('seconds') ?? 2);
  const host = document.getElementById('bench-host')!;
  const view = await LineageView.create(host, new LineageLayout());
  const cases: BenchCase[] = [];
  // 320,000 nodes is issue 12's long run: 10,000 generations of 32.
  for (const n of sizes) cases.push(await runCase(view, n, n >= 200_000 ? 32 : n >= 50_000 ? 250 : 100, seconds));
  // ?keep=1 leaves the last lineage on screen, fitted (for a look at the level of detail).
  if (query.has('keep')) view.fit();
  else view.setLayout(new LineageLayout());
  const result: BenchResult = { gpu: view.gpuName(), userAgent: navigator.userAgent, viewport: { width: host.clientWidth, height: host.clientHeight }, cases };
  window.__benchResult = result;
  document.getElementById('bench-log')!.textContent = JSON.stringify(result, null, 2);
}

main().catch((error: Error) => {
  window.__benchError = error.message;
  document.getElementById('bench-log')!.textContent = `benchmark failed: ${error.stack ?? error.message}`;
});
