import { drawLineChart, type LineChartSpec, type LineSeries } from '../charts/lineChart';
import type { Frame } from '../charts/chartFrame';
import { drawScatterChart, scatterPointAt } from '../charts/scatterChart';
import { chartTheme } from '../charts/chartTheme';
import { clipR2 } from '../charts/clipForDisplay';
import { attachChartZoom, xAt, type XRange } from '../charts/chartZoom';
import { cssHex, viridis } from '../../../src/shared/colourMaps';
import { h } from '../dom/elements';
import { paperSeries } from './paperSeries';
import type { RunModel } from './runModel';

const BEST = chartTheme.series[0];
const MEAN = chartTheme.series[1];

/**
 * The right panel: per-generation accuracy, L_SR and SRQ (best and mean), the
 * scale-free r2 and RMS θ beside them (L_SR alone cannot tell replication from θ
 * shrinking to zero), what is inherited beside what is learned (accuracy before and
 * after lifetime learning, the newborns' transmission r2: issue 9), how deep the
 * living's phylogeny is (issue 12), and the current
 * population's accuracy–L_SR scatter with its
 * Pareto front; for paper runs, SRQ, corr(f, θ), r2 and RMS θ per epoch. Redraws at
 * most once a frame.
 */
export class ChartsPanel {
  private readonly canvases = {
    accuracy: h('canvas', { class: 'chart', id: 'chart-accuracy' }),
    lsr: h('canvas', { class: 'chart', id: 'chart-lsr' }),
    srq: h('canvas', { class: 'chart', id: 'chart-srq' }),
    r2: h('canvas', { class: 'chart', id: 'chart-r2' }),
    rms: h('canvas', { class: 'chart', id: 'chart-rms' }),
    inherited: h('canvas', { class: 'chart', id: 'chart-inherited' }),
    transmission: h('canvas', { class: 'chart', id: 'chart-transmission' }),
    phylogeny: h('canvas', { class: 'chart', id: 'chart-phylogeny' }),
    scatter: h('canvas', { class: 'chart chart-tall', id: 'chart-scatter' }),
  };
  private frame = 0;
  private readonly title = h('h2', { class: 'panel-title', text: 'Population' });
  /** The individual the inspector shows, ringed in the scatter. */
  highlight: number | null = null;
  private readonly smoothing = h('input', { type: 'range', id: 'chart-smoothing', min: 0, max: 0.95, step: 0.05, value: 0, 'aria-label': 'Smoothing' });
  private readonly smoothingValue = h('span', { class: 'muted small', text: '0' });
  private readonly yScale = h('select', { id: 'chart-y-scale', 'aria-label': 'y axis scale' },
    h('option', { value: 'auto', text: 'y: as drawn' }), h('option', { value: 'linear', text: 'y: linear' }), h('option', { value: 'log', text: 'y: log' }));
  /** Each line chart's frame as last drawn, to turn a pointer's x into a generation. */
  private readonly frames = new Map<HTMLCanvasElement, Frame>();
  /** Each line chart's data x extent as last drawn (how far the wheel zooms out). */
  private readonly extents = new Map<HTMLCanvasElement, XRange>();
  /** A drag-select in progress: the chart and the band's pixels. */
  private band: { canvas: HTMLCanvasElement; px: readonly [number, number] } | null = null;
  /** Whether the cursor follows the pointer over a chart now (cleared when it leaves). */
  private hovering = false;
  /** The scatter as last drawn: its frame and the individuals of its points, for clicks. */
  private scatterPoints: { frame: Frame; ids: number[]; accuracy: number[]; lsr: number[] } | null = null;
  /** Called with the id of a scatter point the user clicked (the inspector opens on it). */
  onSelect: ((id: number) => void) | null = null;

  constructor(readonly element: HTMLElement, private readonly model: RunModel) {
    this.smoothing.addEventListener('input', () => {
      this.smoothingValue.textContent = this.smoothing.value;
      this.requestDraw();
    });
    this.yScale.addEventListener('change', () => this.requestDraw());
    element.append(
      h('div', { class: 'charts-head' }, this.title,
        h('label', { class: 'chart-control', title: 'TensorBoard-style smoothing (exponential moving average); the raw line stays faint' }, 'smooth', this.smoothing, this.smoothingValue),
        this.yScale),
      ...Object.values(this.canvases));
    model.onChange((changes) => {
      if (changes.has('charts') || changes.has('paper') || changes.has('run') || changes.has('cursor') || changes.has('zoom')) this.requestDraw();
    });
    new ResizeObserver(() => this.requestDraw()).observe(element);
    this.canvases.scatter.addEventListener('click', (e) => {
      const p = this.scatterPoints;
      if (!p) return;
      const box = this.canvases.scatter.getBoundingClientRect();
      const i = scatterPointAt(p.frame, p.accuracy, p.lsr, e.clientX - box.left, e.clientY - box.top);
      if (i >= 0) this.onSelect?.(p.ids[i]);
    });
    this.canvases.scatter.title = 'Click a point to inspect that individual';
    for (const canvas of Object.values(this.canvases)) {
      if (canvas === this.canvases.scatter) continue;
      canvas.addEventListener('pointermove', (e) => this.hover(canvas, e));
      canvas.addEventListener('pointerleave', () => {
        if (!this.hovering) return;
        this.hovering = false;
        model.hoverAt(null);
      });
      canvas.title = 'Drag across to zoom every chart to those generations (shift+wheel zooms); double-click resets';
      attachChartZoom(canvas, {
        frame: () => this.frames.get(canvas),
        zoom: () => model.zoom,
        full: () => this.extents.get(canvas) ?? [0, 1],
        setZoom: (range) => model.setZoom(range),
        showBand: (px) => {
          this.band = px ? { canvas, px } : null;
          this.requestDraw();
        },
      });
    }
  }

  /** The pointer's generation (or epoch) on a chart becomes the cursor shared by every chart and the lineage. */
  private hover(canvas: HTMLCanvasElement, e: PointerEvent): void {
    const frame = this.frames.get(canvas);
    if (!frame) return;
    const box = canvas.getBoundingClientRect();
    const px = e.clientX - box.left;
    if (px < frame.plot.left || px > frame.plot.right) return;
    this.hovering = true;
    this.model.hoverAt(xAt(frame, px));
  }

  /** One line chart with the panel's smoothing, y scale and cursor applied. */
  private line(canvas: HTMLCanvasElement, spec: LineChartSpec): void {
    const scale = this.yScale.value;
    const logY = scale === 'auto' ? spec.logY : scale === 'log';
    // A fixed domain (r2 in ±1, transmission) cannot be shown on a log axis.
    const fixed = spec.yDomain !== undefined && logY;
    const yLabel = scale === 'auto' || fixed ? spec.yLabel : `${spec.yLabel.replace(/ \(log\)$/, '')}${logY ? ' (log)' : ''}`;
    let x0 = Infinity, x1 = -Infinity;
    for (const s of spec.series) for (const x of s.xs) [x0, x1] = [Math.min(x0, x), Math.max(x1, x)];
    if (x0 <= x1) this.extents.set(canvas, [x0, x1]);
    this.frames.set(canvas, drawLineChart(canvas, {
      ...spec, logY: fixed ? false : logY, yLabel, smoothing: Number(this.smoothing.value), cursor: this.model.cursor,
      zoom: this.model.zoom, band: this.band?.canvas === canvas ? this.band.px : null,
    }));
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    this.title.textContent = this.model.kind === 'paper' ? 'Per epoch, every seed' : 'Population over generations';
    if (this.model.kind === 'paper') this.drawPaper();
    else this.drawEvolution();
  }

  private drawEvolution(): void {
    const m = this.model;
    const rows = m.generations;
    const gens = rows.map((r) => r.generation);
    const pair = (best: number[], typical: number[], label = 'mean'): LineSeries[] => [
      { label: 'best', colour: BEST, xs: gens, ys: best, width: 1.8 },
      { label, colour: MEAN, xs: gens, ys: typical, dashed: true },
    ];
    // L_SR and SRQ show the median: a few exploded children (L_SR ~1e18) swamp any mean.
    const n = 21100;
    const empty = m.kind === null ? 'pick a preset and press Start' : 'waiting for the first generation';
    this.canvases.scatter.hidden = false;
    this.canvases.inherited.hidden = false;
    this.canvases.transmission.hidden = false;
    this.canvases.phylogeny.hidden = false;
    this.line(this.canvases.accuracy, { title: 'Accuracy', xLabel: 'generation', yLabel: 'accuracy', series: pair(rows.map((r) => r.bestAccuracy), rows.map((r) => r.meanAccuracy)), emptyText: empty });
    this.line(this.canvases.lsr, { title: 'Self-replication loss L_SR', xLabel: 'generation', yLabel: 'L_SR (log)', logY: true, series: pair(rows.map((r) => r.bestLsr), rows.map((r) => r.medianLsr), 'median'), emptyText: empty });
    this.line(this.canvases.srq, { title: 'SRQ = ln(N / L_SR)', xLabel: 'generation', yLabel: 'SRQ', series: pair(rows.map((r) => m.bestSrqOf(r)), rows.map((r) => Math.log(n / r.medianLsr)), 'median'), emptyText: empty });
    this.line(this.canvases.r2, { title: 'Replication r2 (scale-free)', xLabel: 'generation', yLabel: 'r2 (clipped to ±1)', yDomain: [-1, 1], series: pair(clipR2(rows.map((r) => r.bestR2)), clipR2(rows.map((r) => r.meanR2))), emptyText: empty });
    this.line(this.canvases.rms, { title: 'RMS θ and mean |θ|', xLabel: 'generation', yLabel: 'log scale', logY: true, series: [
      { label: 'mean RMS θ', colour: BEST, xs: gens, ys: rows.map((r) => r.meanRmsTheta), width: 1.8 },
      { label: 'mean |θ|', colour: MEAN, xs: gens, ys: rows.map((r) => r.meanAbsTheta), dashed: true },
    ], emptyText: empty });
    // Rows of runs made before these were measured lack them: NaN draws nothing.
    const num = (v: number | null | undefined) => (typeof v === 'number' ? v : Number.NaN);
    this.line(this.canvases.inherited, { title: 'Born vs learned', xLabel: 'generation', yLabel: 'mean accuracy', series: [
      { label: 'learned', colour: BEST, xs: gens, ys: rows.map((r) => r.meanAccuracy), width: 1.8 },
      // Newborns only: an elite's "innate" weights may have learned in an earlier lifetime (lamarckian).
      { label: 'at birth', colour: MEAN, xs: gens, ys: rows.map((r) => num(r.meanBirthAccuracy)), dashed: true },
    ], emptyText: empty });
    this.line(this.canvases.transmission, { title: 'Transmission to newborns', xLabel: 'generation', yLabel: 'child vs parent (±1)', yDomain: [-1, 1], series: [
      { label: 'r2', colour: BEST, xs: gens, ys: clipR2(rows.map((r) => num(r.meanTransmissionR2))), width: 1.8 },
      { label: 'corr', colour: MEAN, xs: gens, ys: rows.map((r) => num(r.meanTransmissionCorr)), dashed: true },
    ], emptyText: empty });
    // In generations: how far apart the living are on their tree, and how long ago their lines met
    // (no MRCA while several founder clades survive: nothing is drawn then).
    this.line(this.canvases.phylogeny, { title: 'Living phylogeny', xLabel: 'generation', yLabel: 'generations', series: [
      { label: 'mean distance', colour: BEST, xs: gens, ys: rows.map((r) => num(r.meanPairwiseDistance)), width: 1.8 },
      { label: 'MRCA age', colour: MEAN, xs: gens, ys: rows.map((r) => (r.mrcaDepth === null ? Number.NaN : r.generation - r.mrcaDepth)), dashed: true },
    ], emptyText: empty });
    const pop = m.population.filter((r) => r.accuracy !== null && r.lsr !== null);
    const [a0, a1] = m.layout.accuracyDomain;
    const scatter = drawScatterChart(this.canvases.scatter, {
      title: `Accuracy vs L_SR${rows.length ? ` · gen ${rows[rows.length - 1].generation}` : ''}`,
      accuracy: pop.map((r) => r.accuracy!),
      lsr: pop.map((r) => r.lsr!),
      colours: pop.map((r) => cssHex(viridis((r.accuracy! - a0) / (a1 - a0)))),
      highlight: this.highlight === null ? undefined : pop.findIndex((r) => r.id === this.highlight),
    });
    this.scatterPoints = { frame: scatter, ids: pop.map((r) => r.id), accuracy: pop.map((r) => r.accuracy!), lsr: pop.map((r) => r.lsr!) };
  }

  private drawPaper(): void {
    const rows = this.model.paperRows;
    this.canvases.scatter.hidden = true;
    this.canvases.inherited.hidden = true;
    this.canvases.transmission.hidden = true;
    this.canvases.phylogeny.hidden = true;
    this.line(this.canvases.accuracy, { title: 'SRQ = ln(N / L_SR)', xLabel: 'epoch', yLabel: 'SRQ', series: paperSeries(rows, 'srq') });
    this.line(this.canvases.lsr, { title: 'corr(f, θ): ≈ 0 copies nothing', xLabel: 'epoch', yLabel: 'corr', series: paperSeries(rows, 'corr') });
    this.line(this.canvases.srq, { title: 'mean |θ|', xLabel: 'epoch', yLabel: 'mean |θ| (log)', logY: true, series: paperSeries(rows, 'meanAbsTheta') });
    const r2 = paperSeries(rows, 'r2').map((s) => ({ ...s, ys: clipR2(s.ys) }));
    this.line(this.canvases.r2, { title: 'Replication r2 (scale-free)', xLabel: 'epoch', yLabel: 'r2 (clipped to ±1)', yDomain: [-1, 1], series: r2 });
    this.line(this.canvases.rms, { title: 'RMS θ', xLabel: 'epoch', yLabel: 'RMS θ (log)', logY: true, series: paperSeries(rows, 'rmsTheta') });
  }
}
