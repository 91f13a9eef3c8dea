import { linearScale, logScale, type Scale } from '../../../src/shared/scale';
import { chartTheme } from './chartTheme';

/**
 * An axis over `domain`. By default the drawn extent widens to the nice ticks around it
 * (whole decades on a log axis), so it starts and ends on a label; `tight` keeps the
 * domain and labels the nice ticks inside it.
 */
export interface AxisSpec {
  label: string;
  domain: readonly [number, number];
  log?: boolean;
  tight?: boolean;
  /** Whole-number data (generations, epochs): no tick between two integers (no "epoch 1.5"). */
  integer?: boolean;
}
export interface LegendEntry { label: string; colour: string; dashed?: boolean; marker?: boolean }
export interface Frame { x: Scale; y: Scale; plot: { left: number; top: number; right: number; bottom: number } }

const MARGIN = { left: 46, right: 12, top: 26, bottom: 30 };
/** Room for the rotated y-axis label left of the tick labels. */
const Y_LABEL_ROOM = 20;

/**
 * Background, title, legend, grid, ticks and axis labels; returns the scales
 * mapping data onto the plot area so a chart only draws its marks.
 */
export function drawFrame(ctx: CanvasRenderingContext2D, width: number, height: number, title: string, xAxis: AxisSpec, yAxis: AxisSpec, legend: LegendEntry[] = []): Frame {
  ctx.font = chartTheme.titleFont;
  const titleRight = 8 + ctx.measureText(title).width + 12;
  // A legend too wide for the title's line goes on rows of its own below it, never away
  // (six optimiser arms once made six unlabelled lines).
  const rows = legendRows(ctx, legend, width - MARGIN.right - titleRight, width - MARGIN.right - 8);
  const legendHeight = rows.length > 0 && rows[0].below ? rows.length * LEGEND_ROW + 6 : 0;
  // The y ticks depend only on the height; their widest label sets the left margin.
  const top = MARGIN.top + legendHeight, bottom = height - MARGIN.bottom;
  const yTickCount = Math.max(2, Math.floor((bottom - top) / 32));
  const provisionalY = axisScale(yAxis, [bottom, top], yTickCount, 6);
  ctx.font = chartTheme.font;
  const widest = provisionalY.ticks.reduce((w, t) => Math.max(w, ctx.measureText(provisionalY.format(t)).width), 0);
  const plot = { left: Math.max(MARGIN.left, Math.ceil(widest) + 6 + Y_LABEL_ROOM), top, right: width - MARGIN.right, bottom };
  const x = axisScale(xAxis, [plot.left, plot.right], Math.max(2, Math.floor((plot.right - plot.left) / 70)), 8);
  const y = axisScale(yAxis, [plot.bottom, plot.top], yTickCount, 6);
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = chartTheme.background;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = chartTheme.plot;
  ctx.fillRect(plot.left, plot.top, plot.right - plot.left, plot.bottom - plot.top);

  ctx.font = chartTheme.titleFont;
  ctx.fillStyle = chartTheme.text;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(title, 8, 13);
  drawLegendRows(ctx, rows, width - MARGIN.right);

  ctx.font = chartTheme.font;
  ctx.lineWidth = 1;
  // Minor ticks (2..9 × each decade on a log axis) as short marks on the axes, so a log
  // axis spanning a single decade still reads.
  ctx.strokeStyle = chartTheme.axis;
  for (const t of x.minorTicks) {
    const px = Math.round(x.map(t)) + 0.5;
    line(ctx, px, plot.bottom, px, plot.bottom + 3);
  }
  for (const t of y.minorTicks) {
    const py = Math.round(y.map(t)) + 0.5;
    line(ctx, plot.left - 3, py, plot.left, py);
  }
  ctx.strokeStyle = chartTheme.grid;
  ctx.fillStyle = chartTheme.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of x.ticks) {
    const px = Math.round(x.map(t)) + 0.5;
    line(ctx, px, plot.top, px, plot.bottom);
    // Keep edge labels inside the canvas rather than clipped.
    const label = x.format(t);
    const half = ctx.measureText(label).width / 2;
    ctx.fillText(label, Math.min(width - half - 1, Math.max(half + 1, px)), plot.bottom + 4);
  }
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of y.ticks) {
    const py = Math.round(y.map(t)) + 0.5;
    line(ctx, plot.left, py, plot.right, py);
    ctx.fillText(y.format(t), plot.left - 5, py);
  }
  ctx.strokeStyle = chartTheme.axis;
  line(ctx, plot.left + 0.5, plot.top, plot.left + 0.5, plot.bottom);
  line(ctx, plot.left, plot.bottom + 0.5, plot.right, plot.bottom + 0.5);

  ctx.fillStyle = chartTheme.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(xAxis.label, (plot.left + plot.right) / 2, height - 1);
  ctx.save();
  ctx.translate(10, (plot.top + plot.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(yAxis.label, 0, 0);
  ctx.restore();
  return { x, y, plot };
}

/** Clips later drawing to the plot area (lines leaving the domain stay inside). */
export function clipToPlot(ctx: CanvasRenderingContext2D, frame: Frame): void {
  const p = frame.plot;
  ctx.beginPath();
  ctx.rect(p.left, p.top, p.right - p.left, p.bottom - p.top);
  ctx.clip();
}

/** The range a drag-select is choosing: a translucent band between two pixel x positions, full plot height. */
export function drawBand(ctx: CanvasRenderingContext2D, frame: Frame, band: readonly [number, number]): void {
  const p = frame.plot;
  const x0 = Math.max(p.left, Math.min(band[0], band[1])), x1 = Math.min(p.right, Math.max(band[0], band[1]));
  ctx.fillStyle = 'rgba(242, 184, 75, 0.16)';
  ctx.fillRect(x0, p.top, x1 - x0, p.bottom - p.top);
  ctx.strokeStyle = chartTheme.accent;
  ctx.lineWidth = 1;
  line(ctx, Math.round(x0) + 0.5, p.top, Math.round(x0) + 0.5, p.bottom);
  line(ctx, Math.round(x1) + 0.5, p.top, Math.round(x1) + 0.5, p.bottom);
}

/** A centred message in an empty chart. */
export function drawEmpty(ctx: CanvasRenderingContext2D, frame: Frame, text: string): void {
  const p = frame.plot;
  ctx.fillStyle = chartTheme.muted;
  ctx.font = chartTheme.font;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, (p.left + p.right) / 2, (p.top + p.bottom) / 2);
}

/** Height of one row of a legend drawn below the title. */
const LEGEND_ROW = 14;

interface LegendRow { entries: LegendEntry[]; width: number; below: boolean }

const entryWidth = (ctx: CanvasRenderingContext2D, e: LegendEntry) => ctx.measureText(e.label).width + 28;

/** The legend on the title's line when it fits in `beside` pixels, else in rows of at most `full` pixels below it. */
function legendRows(ctx: CanvasRenderingContext2D, legend: LegendEntry[], beside: number, full: number): LegendRow[] {
  if (!legend.length) return [];
  ctx.font = chartTheme.font;
  const total = legend.reduce((w, e) => w + entryWidth(ctx, e), 0);
  if (total <= beside) return [{ entries: legend, width: total, below: false }];
  const rows: LegendRow[] = [];
  let row: LegendRow = { entries: [], width: 0, below: true };
  for (const e of legend) {
    const w = entryWidth(ctx, e);
    if (row.entries.length && row.width + w > full) {
      rows.push(row);
      row = { entries: [], width: 0, below: true };
    }
    row.entries.push(e);
    row.width += w;
  }
  rows.push(row);
  return rows;
}

/** Draws each legend row right-aligned ending at `right`: the first on the title's line, or all below it. */
function drawLegendRows(ctx: CanvasRenderingContext2D, rows: LegendRow[], right: number): void {
  rows.forEach((row, r) => drawLegend(ctx, row.entries, right, row.below ? MARGIN.top + 2 + r * LEGEND_ROW : 13));
}

/** Draws one row of legend entries right-aligned ending at `right`. */
function drawLegend(ctx: CanvasRenderingContext2D, legend: LegendEntry[], right: number, y: number): void {
  ctx.font = chartTheme.font;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let x = right;
  for (let i = legend.length - 1; i >= 0; i--) {
    const e = legend[i];
    const w = ctx.measureText(e.label).width;
    x -= w;
    ctx.fillStyle = chartTheme.muted;
    ctx.fillText(e.label, x, y);
    x -= 18;
    ctx.strokeStyle = e.colour;
    ctx.fillStyle = e.colour;
    ctx.lineWidth = 2;
    if (e.marker) {
      ctx.beginPath();
      ctx.arc(x + 7, y, 3, 0, Math.PI * 2);
      ctx.fill();
    } else {
      ctx.setLineDash(e.dashed ? [4, 3] : []);
      line(ctx, x + 1, y, x + 14, y);
      ctx.setLineDash([]);
    }
    x -= 10;
  }
  ctx.lineWidth = 1;
}

/** The shared scale for an axis: log decades, or linear nice ticks (`tight` keeps the domain). */
function axisScale(axis: AxisSpec, range: readonly [number, number], tickCount: number, maxLogTicks: number): Scale {
  const [lo, hi] = axis.domain[0] <= axis.domain[1] ? axis.domain : [axis.domain[1], axis.domain[0]];
  if (axis.log) return logScale(lo, hi, range, { maxTicks: maxLogTicks });
  // At most one tick per unit: a nice step for span/count ≥ 1 is a whole number.
  const count = axis.integer ? Math.max(1, Math.min(tickCount, Math.floor(hi - lo))) : tickCount;
  return linearScale(lo, hi, range, { tickCount: count, tight: axis.tight });
}

function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
}
