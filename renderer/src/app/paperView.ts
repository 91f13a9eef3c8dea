import { drawLineChart } from '../charts/lineChart';
import type { Frame } from '../charts/chartFrame';
import { attachChartZoom } from '../charts/chartZoom';
import { h } from '../dom/elements';
import { paperSeries } from './paperSeries';
import type { RunModel } from './runModel';

/** The centre for paper scenarios: live loss curves (L_SR per epoch per arm and lane; accuracy for the auxiliary quine). */
export class PaperView {
  private readonly lossCanvas = h('canvas', { class: 'paper-chart', id: 'paper-lsr' });
  private readonly accuracyCanvas = h('canvas', { class: 'paper-chart', id: 'paper-accuracy' });
  private frame = 0;
  private readonly frames = new Map<HTMLCanvasElement, Frame>();
  private band: { canvas: HTMLCanvasElement; px: readonly [number, number] } | null = null;

  constructor(readonly element: HTMLElement, private readonly model: RunModel) {
    element.append(this.lossCanvas, this.accuracyCanvas);
    model.onChange((changes) => {
      if (changes.has('paper') || changes.has('run') || changes.has('zoom')) this.requestDraw();
    });
    // Zoomed together with the charts panel's epoch charts: one zoom in the model.
    for (const canvas of [this.lossCanvas, this.accuracyCanvas]) {
      canvas.title = 'Drag across to zoom every chart to those epochs (shift+wheel zooms); double-click resets';
      attachChartZoom(canvas, {
        frame: () => this.frames.get(canvas),
        zoom: () => model.zoom,
        full: () => [0, Math.max(1, this.model.generation)],
        setZoom: (range) => model.setZoom(range),
        showBand: (px) => {
          this.band = px ? { canvas, px } : null;
          this.requestDraw();
        },
      });
    }
    new ResizeObserver(() => this.requestDraw()).observe(element);
  }

  requestDraw(): void {
    if (this.frame || this.element.hidden) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** The loss curves (and accuracy, when shown) as one PNG. */
  async exportPng(): Promise<Blob> {
    this.draw();
    const parts = [this.lossCanvas, this.accuracyCanvas].filter((c) => !c.hidden);
    const out = document.createElement('canvas');
    out.width = Math.max(...parts.map((c) => c.width));
    out.height = parts.reduce((s, c) => s + c.height, 0);
    const ctx = out.getContext('2d');
    if (!ctx) throw new Error('PaperView.exportPng: no 2D context to compose the picture');
    let y = 0;
    for (const c of parts) {
      ctx.drawImage(c, 0, y);
      y += c.height;
    }
    return new Promise((resolve, reject) => out.toBlob((b) => (b ? resolve(b) : reject(new Error('PaperView.exportPng: the browser could not encode the PNG'))), 'image/png'));
  }

  private draw(): void {
    const rows = this.model.paperRows;
    const accuracy = paperSeries(rows, 'accuracy');
    this.accuracyCanvas.hidden = accuracy.length === 0;
    const name = this.model.preset ?? 'paper scenario';
    const zoom = this.model.zoom;
    const band = (canvas: HTMLCanvasElement) => (this.band?.canvas === canvas ? this.band.px : null);
    this.frames.set(this.lossCanvas, drawLineChart(this.lossCanvas, { title: `${name} · self-replication loss L_SR`, xLabel: 'epoch', yLabel: 'L_SR (log)', logY: true, series: paperSeries(rows, 'lsr'), emptyText: 'loss curves appear after the first epoch', zoom, band: band(this.lossCanvas) }));
    if (accuracy.length) this.frames.set(this.accuracyCanvas, drawLineChart(this.accuracyCanvas, { title: 'Test accuracy (auxiliary task)', xLabel: 'epoch', yLabel: 'accuracy', series: accuracy, zoom, band: band(this.accuracyCanvas) }));
  }
}
