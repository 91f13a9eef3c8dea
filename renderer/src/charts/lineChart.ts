import { prepareCanvas } from './chartCanvas';
import { dataDomain } from '../../../src/shared/scale';
import { clipToPlot, drawBand, drawEmpty, drawFrame, type Frame, type LegendEntry } from './chartFrame';
import { chartTheme } from './chartTheme';
import { smoothSeries } from './smoothing';
import { valuesInRange, visibleDomain, zoomedLabel, type XRange } from './chartZoom';

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
  /** TensorBoard-style smoothing weight in [0, 1): the raw line is drawn faint under the smoothed one. */
  smoothing?: number;
  /** An x value to mark with a vertical line and a readout of each series there (the linked generation cursor). */
  cursor?: number | null;
  /** How the readout writes a value (default: 4 significant digits). */
  format?: (v: number) => string;
  /** The x range the linked charts are zoomed to (chartZoom), or null for all; the y axis fits what it shows. */
  zoom?: XRange | null;
  /** A drag-select in progress: its two pixel x positions, drawn as a band. */
  band?: readonly [number, number] | null;
}

const defaultFormat = (v: number) => (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : String(Number(v.toPrecision(4))));

/**
 * Series over a shared x (generation, epoch: whole numbers, so its ticks are too). Non-finite points (and non-positive
 * ones on a log axis) break the line rather than dragging it to an edge.
 */
export function drawLineChart(canvas: HTMLCanvasElement, spec: LineChartSpec): Frame {
  const { ctx, width, height } = prepareCanvas(canvas);
  const zoom = spec.zoom ?? null;
  const xDomain = visibleDomain(dataDomain(spec.series.flatMap((s) => s.xs), false, 0, [0, 1]), zoom);
  const yDomain = spec.yDomain ?? dataDomain(spec.series.flatMap((s) => valuesInRange(s.xs, s.ys, zoom)), spec.logY, 0);
  const smoothing = spec.smoothing ?? 0;
  const legend: LegendEntry[] = spec.series.filter((s) => s.legend !== false).map((s) => ({ label: s.label, colour: s.colour, dashed: s.dashed }));
  const frame = drawFrame(ctx, width, height, spec.title, { label: zoomedLabel(spec.xLabel, zoom), domain: xDomain, tight: true, integer: true }, { label: spec.yLabel, domain: yDomain, log: spec.logY }, legend);
  if (!spec.series.some((s) => s.xs.length)) {
    drawEmpty(ctx, frame, spec.emptyText ?? 'waiting for data');
    if (spec.band) drawBand(ctx, frame, spec.band);
    return frame;
  }
  ctx.save();
  clipToPlot(ctx, frame);
  ctx.lineJoin = 'round';
  const polyline = (xs: readonly number[], ys: readonly number[]) => {
    ctx.beginPath();
    let pen = false;
    for (let i = 0; i < xs.length; i++) {
      const v = ys[i];
      if (!Number.isFinite(v) || (spec.logY && v <= 0)) {
        pen = false;
        continue;
      }
      const px = frame.x.map(xs[i]);
      const py = frame.y.map(v);
      if (pen) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      pen = true;
    }
    ctx.stroke();
  };
  const shown = spec.series.map((s) => (smoothing > 0 ? smoothSeries(s.ys, smoothing) : s.ys));
  spec.series.forEach((s, k) => {
    ctx.strokeStyle = s.colour;
    ctx.lineWidth = s.width ?? 1.5;
    ctx.setLineDash(s.dashed ? [5, 3] : []);
    if (smoothing > 0) {
      ctx.globalAlpha = 0.25;
      polyline(s.xs, s.ys);
      ctx.globalAlpha = 1;
    }
    polyline(s.xs, shown[k]);
    // A lone point would be invisible as a line.
    if (s.xs.length === 1 && Number.isFinite(s.ys[0])) {
      ctx.fillStyle = s.colour;
      ctx.beginPath();
      ctx.arc(frame.x.map(s.xs[0]), frame.y.map(s.ys[0]), 2.5, 0, Math.PI * 2);
      ctx.fill();
    }
  });
  ctx.restore();
  if (spec.cursor !== null && spec.cursor !== undefined) drawReadout(ctx, frame, spec, shown, spec.cursor);
  if (spec.band) drawBand(ctx, frame, spec.band);
  return frame;
}

/** The cursor's vertical line and, in a box, each series' value at the nearest x. */
function drawReadout(ctx: CanvasRenderingContext2D, frame: Frame, spec: LineChartSpec, shown: readonly (readonly number[])[], cursor: number): void {
  const p = frame.plot;
  const px = frame.x.map(cursor);
  if (!(px >= p.left - 0.5 && px <= p.right + 0.5)) return;
  ctx.strokeStyle = 'rgba(242, 184, 75, 0.7)';
  ctx.lineWidth = 1;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  ctx.moveTo(Math.round(px) + 0.5, p.top);
  ctx.lineTo(Math.round(px) + 0.5, p.bottom);
  ctx.stroke();
  ctx.setLineDash([]);
  const format = spec.format ?? defaultFormat;
  const lines: { text: string; colour: string }[] = [{ text: `${spec.xLabel} ${cursor}`, colour: chartTheme.accent }];
  spec.series.forEach((s, k) => {
    if (s.legend === false && spec.series.length > 8) return;
    let best = -1;
    for (let i = 0; i < s.xs.length; i++) if (best < 0 || Math.abs(s.xs[i] - cursor) < Math.abs(s.xs[best] - cursor)) best = i;
    if (best < 0 || s.xs[best] !== cursor) return;
    const v = shown[k][best];
    lines.push({ text: `${s.label}: ${Number.isFinite(v) ? format(v) : '—'}`, colour: s.colour });
  });
  ctx.font = chartTheme.font;
  const w = Math.max(...lines.map((l) => ctx.measureText(l.text).width)) + 12;
  const hgt = lines.length * 13 + 6;
  const left = px + 8 + w > p.right ? px - 8 - w : px + 8;
  ctx.fillStyle = 'rgba(16, 22, 29, 0.92)';
  ctx.fillRect(left, p.top + 2, w, hgt);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  lines.forEach((l, i) => {
    ctx.fillStyle = l.colour;
    ctx.fillText(l.text, left + 6, p.top + 5 + i * 13);
  });
}
