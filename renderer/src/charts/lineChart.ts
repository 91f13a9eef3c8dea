import { prepareCanvas } from './chartCanvas';
import { dataDomain } from '../../../src/shared/scale';
import { clipToPlot, drawEmpty, drawFrame, type LegendEntry } from './chartFrame';

export interface LineSeries {
  label: string;
  colour: string;
  xs: readonly number[];
  ys: readonly number[];
  dashed?: boolean;
  width?: number;
  /** Drawn in the legend (long lists of lanes would crowd it). */
  legend?: boolean;
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  series: LineSeries[];
  /** Fixed y domain (e.g. accuracy 0..1); otherwise fitted to the data. */
  yDomain?: readonly [number, number];
  emptyText?: string;
}

/**
 * Series over a shared x (generation, epoch: whole numbers, so its ticks are too). Non-finite points (and non-positive
 * ones on a log axis) break the line rather than dragging it to an edge.
 */
export function drawLineChart(canvas: HTMLCanvasElement, spec: LineChartSpec): void {
  const { ctx, width, height } = prepareCanvas(canvas);
  const xDomain = dataDomain(spec.series.flatMap((s) => s.xs), false, 0, [0, 1]);
  const yDomain = spec.yDomain ?? dataDomain(spec.series.flatMap((s) => s.ys), spec.logY, 0);
  const legend: LegendEntry[] = spec.series.filter((s) => s.legend !== false).map((s) => ({ label: s.label, colour: s.colour, dashed: s.dashed }));
  const frame = drawFrame(ctx, width, height, spec.title, { label: spec.xLabel, domain: xDomain, tight: true, integer: true }, { label: spec.yLabel, domain: yDomain, log: spec.logY }, legend);
  if (!spec.series.some((s) => s.xs.length)) {
    drawEmpty(ctx, frame, spec.emptyText ?? 'waiting for data');
    return;
  }
  ctx.save();
  clipToPlot(ctx, frame);
  ctx.lineJoin = 'round';
  for (const s of spec.series) {
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = s.width ?? 1.5;
    ctx.setLineDash(s.dashed ? [5, 3] : []);
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < s.xs.length; i++) {
      const v = s.ys[i];
      if (!Number.isFinite(v) || (spec.logY && v <= 0)) {
        pen = false;
        continue;
      }
      const px = frame.x.map(s.xs[i]);
      const py = frame.y.map(v);
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
    }
    ctx.stroke();
    // A lone point would be invisible as a line.
    if (s.xs.length === 1 && Number.isFinite(s.ys[0])) {
      ctx.fillStyle = s.colour;
      ctx.beginPath();
      ctx.arc(frame.x.map(s.xs[0]), frame.y.map(s.ys[0]), 2.5, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  ctx.restore();
}
