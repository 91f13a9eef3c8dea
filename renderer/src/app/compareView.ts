import type { GenerationRow, RunSummary } from '../../../src/protocol/messages';
import type { SessionClient } from '../client/sessionClient';
import { drawLineChart, type LineSeries } from '../charts/lineChart';
import { chartTheme } from '../charts/chartTheme';
import { clipR2 } from '../charts/clipForDisplay';
import type { Frame } from '../charts/chartFrame';
import { attachChartZoom, type XRange } from '../charts/chartZoom';
import { h } from '../dom/elements';
import { formatMetric, formatPercent } from '../inspect/formatMetric';
import { runProgressText } from './runBrowser';
import { configDiff, runLabels, scienceConfig } from './runComparison';

export interface CompareViewOptions { reportError(message: string): void }

/** The per-generation curves a comparison overlays: what README's questions are answered with. */
const CURVES: { id: string; title: string; yLabel: string; logY?: boolean; yDomain?: [number, number]; value: (r: GenerationRow) => number; clip?: boolean }[] = [
  { id: 'compare-accuracy', title: 'Best accuracy', yLabel: 'accuracy', value: (r) => r.bestAccuracy },
  { id: 'compare-r2', title: 'Best r2 (scale-free)', yLabel: 'r2 (clipped to ±1)', yDomain: [-1, 1], value: (r) => r.bestR2, clip: true },
  { id: 'compare-lsr', title: 'Median L_SR', yLabel: 'L_SR (log)', logY: true, value: (r) => r.medianLsr },
  { id: 'compare-rms', title: 'Mean RMS θ', yLabel: 'RMS θ (log)', logY: true, value: (r) => r.meanRmsTheta },
];

/**
 * Several stored runs side by side over the centre view: their curves overlaid (one
 * colour per run), a table of status, size, seed and best results, and the config
 * fields in which they differ. Read through `runSummary`, which leaves the lineages
 * on disk.
 */
export class CompareView {
  private runs: RunSummary[] = [];
  private readonly charts = new Map<string, HTMLCanvasElement>();
  private readonly body = h('div', { class: 'compare-body' });
  private frame = 0;
  /** The generations the comparison's charts are zoomed to (all four together), or null. */
  private zoom: XRange | null = null;
  private readonly frames = new Map<HTMLCanvasElement, Frame>();
  private band: { canvas: HTMLCanvasElement; px: readonly [number, number] } | null = null;

  constructor(readonly element: HTMLElement, private readonly client: SessionClient, private readonly options: CompareViewOptions) {
    element.append(
      h('header', { class: 'compare-header' }, h('h2', { id: 'compare-title', text: 'Run comparison' }),
        h('button', { type: 'button', class: 'icon-button', id: 'compare-close', 'aria-label': 'Close the comparison', text: '✕', onclick: () => this.close() })),
      this.body,
    );
    new ResizeObserver(() => this.requestDraw()).observe(element);
  }

  async show(dirs: string[]): Promise<void> {
    try {
      this.runs = await Promise.all(dirs.map((dir) => this.client.request('runSummary', { dir })));
    } catch (error) {
      this.options.reportError((error as Error).message);
      return;
    }
    this.element.hidden = false;
    this.zoom = null;
    this.render();
  }

  close(): void {
    this.element.hidden = true;
  }

  /** The runs shown (tests read the page through this). */
  get shown(): readonly RunSummary[] { return this.runs; }

  private render(): void {
    const runs = this.runs;
    const labels = runLabels(runs);
    const colour = (k: number) => chartTheme.series[k % chartTheme.series.length];
    (this.element.querySelector('#compare-title') as HTMLElement).textContent = `Comparing ${runs.length} runs`;
    this.charts.clear();
    const grid = h('div', { class: 'compare-charts' });
    for (const c of CURVES) {
      const canvas = h('canvas', { class: 'chart', id: c.id, title: 'Drag across to zoom all four charts to those generations (shift+wheel zooms); double-click resets' });
      this.charts.set(c.id, canvas);
      attachChartZoom(canvas, {
        frame: () => this.frames.get(canvas),
        zoom: () => this.zoom,
        full: () => this.generationExtent(),
        setZoom: (range) => {
          this.zoom = range;
          this.requestDraw();
        },
        showBand: (px) => {
          this.band = px ? { canvas, px } : null;
          this.requestDraw();
        },
      });
      grid.append(canvas);
    }
    const table = h('table', { class: 'compare-table', id: 'compare-table' },
      h('thead', {}, h('tr', {}, ...['', 'run', 'status', 'progress', 'size', 'seed', 'best acc.', 'best r2', 'best L_SR', 'RMS θ'].map((t) => h('th', { text: t })))),
      h('tbody', {}, ...runs.map((r, k) => h('tr', { 'data-dir': r.dir },
        h('td', {}, h('span', { class: 'swatch', style: `background:${colour(k)}` })),
        h('td', { title: r.dir, text: labels[k] }),
        h('td', {}, h('span', { class: `run-status status-${r.status}`, text: r.status })),
        h('td', { class: 'num', text: runProgressText(r) }),
        h('td', { class: 'num', text: r.size === null ? '—' : String(r.size) }),
        h('td', { class: 'num', text: r.seed === null ? '—' : String(r.seed) }),
        h('td', { class: 'num', text: formatPercent(r.best?.accuracy) }),
        h('td', { class: 'num', text: formatMetric(r.best?.r2) }),
        h('td', { class: 'num', text: formatMetric(r.best?.lsr) }),
        h('td', { class: 'num', text: formatMetric(r.best?.rmsTheta) })))));
    const diff = configDiff(runs.map(scienceConfig));
    const diffTable = diff.length
      ? h('table', { class: 'compare-table config-diff', id: 'config-diff' },
        h('thead', {}, h('tr', {}, h('th', { text: 'config field' }), ...labels.map((l, k) => h('th', {}, h('span', { class: 'swatch', style: `background:${colour(k)}` }), ` ${l}`)))),
        h('tbody', {}, ...diff.map((d) => h('tr', {}, h('th', { scope: 'row', text: d.path }), ...d.values.map((v) => h('td', { text: v }))))))
      : h('p', { class: 'muted', id: 'config-diff', text: 'The configs are identical.' });
    const paper = runs.some((r) => r.kind !== 'evolution');
    this.body.replaceChildren(
      grid,
      paper ? h('p', { class: 'muted small', text: 'Paper runs have no generations: they are listed, not drawn.' }) : '',
      h('h3', { text: 'Runs' }), table,
      h('h3', { text: 'Config differences' }), diffTable,
    );
    this.requestDraw();
  }

  private requestDraw(): void {
    if (this.frame || this.element.hidden) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const labels = runLabels(this.runs);
    for (const c of CURVES) {
      const canvas = this.charts.get(c.id);
      if (!canvas) continue;
      const series: LineSeries[] = this.runs.flatMap((r, k) => {
        if (r.kind !== 'evolution') return [];
        const ys = r.generations.map(c.value);
        return [{ label: labels[k], colour: chartTheme.series[k % chartTheme.series.length], xs: r.generations.map((g) => g.generation), ys: c.clip ? clipR2(ys) : ys, width: 1.6 }];
      });
      this.frames.set(canvas, drawLineChart(canvas, {
        title: c.title, xLabel: 'generation', yLabel: c.yLabel, logY: c.logY, yDomain: c.yDomain, series, emptyText: 'no generations in these runs',
        zoom: this.zoom, band: this.band?.canvas === canvas ? this.band.px : null,
      }));
    }
  }

  /** First and last generation of any run compared. */
  private generationExtent(): XRange {
    const gens = this.runs.flatMap((r) => (r.kind === 'evolution' ? r.generations.map((g) => g.generation) : []));
    return gens.length ? [gens.reduce((a, b) => Math.min(a, b)), gens.reduce((a, b) => Math.max(a, b))] : [0, 1];
  }
}
