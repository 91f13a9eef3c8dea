import { drawLineChart } from '../charts/lineChart';
import { h } from '../dom/elements';
import { paperSeries } from './paperSeries';
import type { RunModel } from './runModel';

/** The centre for paper scenarios: live loss curves (L_SR per epoch per arm and lane; accuracy for the auxiliary quine). */
export class PaperView {
  private readonly lossCanvas = h('canvas', { class: 'paper-chart', id: 'paper-lsr' });
  private readonly accuracyCanvas = h('canvas', { class: 'paper-chart', id: 'paper-accuracy' });
  private frame = 0;

  constructor(readonly element: HTMLElement, private readonly model: RunModel) {
    element.append(this.lossCanvas, this.accuracyCanvas);
    model.onChange((changes) => {
      if (changes.has('paper') || changes.has('run')) this.requestDraw();
    });
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
    drawLineChart(this.lossCanvas, { title: `${name} · self-replication loss L_SR`, xLabel: 'epoch', yLabel: 'L_SR (log)', logY: true, series: paperSeries(rows, 'lsr'), emptyText: 'loss curves appear after the first epoch' });
    if (accuracy.length) drawLineChart(this.accuracyCanvas, { title: 'Test accuracy (auxiliary task)', xLabel: 'epoch', yLabel: 'accuracy', series: accuracy });
  }
}
