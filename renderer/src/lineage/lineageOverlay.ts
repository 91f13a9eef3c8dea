import { chartTheme } from '../charts/chartTheme';
import { formatTick, linearTicks } from '../../../src/shared/ticks';
import { cssHex, viridis } from '../../../src/shared/colourMaps';
import { toLayout, toScreen, type ViewTransform } from './viewTransform';

/** Height of the time-axis strip at the bottom of the lineage view. */
export const AXIS_HEIGHT = 26;

/** Round generations to mark on the time axis for the visible range (grid lines and labels share them). */
export function generationTicks(t: ViewTransform, width: number): number[] {
  const g0 = Math.max(0, toLayout(t, 0, 0).x);
  const g1 = toLayout(t, width, 0).x;
  if (!(g1 >= g0)) return [];
  return linearTicks(g0, g1, Math.max(2, Math.floor(width / 90))).filter((g) => Number.isInteger(g));
}

/**
 * The time axis, on its own strip canvas below the lineage: labels only, the grid
 * lines are drawn by WebGL. A strip, not a full-size layer, because every changed
 * canvas is re-uploaded to the compositor on each pan frame.
 */
export function drawTimeAxis(ctx: CanvasRenderingContext2D, width: number, t: ViewTransform): void {
  ctx.clearRect(0, 0, width, AXIS_HEIGHT);
  ctx.fillStyle = chartTheme.background;
  ctx.fillRect(0, 0, width, AXIS_HEIGHT);
  ctx.strokeStyle = chartTheme.axis;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, 0.5);
  ctx.lineTo(width, 0.5);
  ctx.stroke();
  ctx.font = chartTheme.font;
  ctx.textBaseline = 'middle';
  const title = 'generation →';
  const titleLeft = width - 10 - ctx.measureText(title).width;
  ctx.fillStyle = chartTheme.muted;
  ctx.textAlign = 'center';
  for (const g of generationTicks(t, width)) {
    const x = Math.round(toScreen(t, g, 0).x) + 0.5;
    // A label running into the axis title is dropped; its grid line stays.
    if (x + ctx.measureText(formatTick(g)).width / 2 < titleLeft - 12) ctx.fillText(formatTick(g), x, AXIS_HEIGHT / 2);
  }
  ctx.textAlign = 'right';
  ctx.fillText(title, width - 10, AXIS_HEIGHT / 2);
}

export interface HighlightSpec {
  /** Screen points of the selected individual's ancestry, root first. */
  ancestry: { x: number; y: number }[];
  selected: { x: number; y: number; r: number } | null;
  hovered: { x: number; y: number; r: number } | null;
  /** The generation cursor shared with the charts. */
  cursor?: { x: number; generation: number } | null;
  /** The most recent common ancestor of the living, labelled. */
  mrca?: { x: number; y: number; r: number; label: string } | null;
}

/** Over the nodes: the generation cursor, the selected ancestry path, the MRCA, selection and hover rings. `height` is the plot's (above the time axis). */
export function drawHighlights(ctx: CanvasRenderingContext2D, width: number, height: number, h: HighlightSpec): void {
  ctx.clearRect(0, 0, width, height + AXIS_HEIGHT);
  if (h.cursor && h.cursor.x >= 0 && h.cursor.x <= width) {
    const x = Math.round(h.cursor.x) + 0.5;
    ctx.strokeStyle = 'rgba(242, 184, 75, 0.7)';
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, 0);
    ctx.lineTo(x, height);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.font = chartTheme.font;
    ctx.fillStyle = chartTheme.accent;
    ctx.textBaseline = 'top';
    const label = `gen ${h.cursor.generation}`;
    ctx.textAlign = x + ctx.measureText(label).width + 8 > width ? 'right' : 'left';
    ctx.fillText(label, ctx.textAlign === 'right' ? x - 4 : x + 4, 4);
  }
  if (h.ancestry.length > 1) {
    ctx.strokeStyle = chartTheme.accent;
    ctx.lineWidth = 2;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    h.ancestry.forEach((p, i) => (i ? ctx.lineTo(p.x, p.y) : ctx.moveTo(p.x, p.y)));
    ctx.stroke();
    ctx.fillStyle = chartTheme.accent;
    for (const p of h.ancestry) {
      ctx.beginPath();
      ctx.arc(p.x, p.y, 2.2, 0, Math.PI * 2);
      ctx.fill();
    }
  }
  if (h.mrca) {
    ring(ctx, h.mrca, '#e5675c', 2.5);
    ctx.font = chartTheme.font;
    ctx.fillStyle = '#f3a59e';
    ctx.textBaseline = 'bottom';
    ctx.textAlign = h.mrca.x + 120 > width ? 'right' : 'left';
    ctx.fillText(h.mrca.label, h.mrca.x + (ctx.textAlign === 'right' ? -h.mrca.r - 6 : h.mrca.r + 6), h.mrca.y - h.mrca.r - 2);
  }
  ring(ctx, h.hovered, 'rgba(255,255,255,0.7)', 1.5);
  ring(ctx, h.selected, '#ffffff', 2);
}

export interface LegendSpec {
  /** The colour metric in its own units, and its values at the two ends of the bar. */
  colourLabel: string;
  colourDomain: readonly [number, number];
  /** The size metric in its own units, and its values at the smallest and largest disc. */
  sizeLabel: string;
  sizeDomain: readonly [number, number];
  nodes: number;
  living: number;
  /** Extinct lineages hidden by the filter. */
  survivorsOnly?: boolean;
  /** Extinct lineages drawn as the level-of-detail raster. */
  aggregated?: boolean;
}

/** CSS pixel size of the legend canvas. */
export const LEGEND_SIZE = { width: 320, height: 90 };

/** The colour and size key, on its own small canvas; part of the PNG export, so the picture explains itself. */
export function drawLegend(ctx: CanvasRenderingContext2D, l: LegendSpec): void {
  const x = 0, y = 0, w = LEGEND_SIZE.width - 2, h = LEGEND_SIZE.height - 2;
  ctx.clearRect(0, 0, LEGEND_SIZE.width, LEGEND_SIZE.height);
  ctx.fillStyle = 'rgba(16, 22, 29, 0.86)';
  ctx.strokeStyle = 'rgba(148, 163, 184, 0.25)';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.roundRect(x + 0.5, y + 0.5, w, h, 6);
  ctx.fill();
  ctx.stroke();
  ctx.font = chartTheme.font;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillStyle = chartTheme.text;
  ctx.fillText(`colour: ${l.colourLabel}`, x + 10, y + 14);

  const barX = x + 10, barY = y + 24, barW = w - 20;
  for (let i = 0; i < barW; i++) {
    ctx.fillStyle = cssHex(viridis(i / (barW - 1)));
    ctx.fillRect(barX + i, barY, 1, 8);
  }
  ctx.fillStyle = chartTheme.muted;
  ctx.fillText(formatTick(l.colourDomain[0]), barX, barY + 17);
  ctx.textAlign = 'center';
  ctx.fillText('5th – 95th percentile', barX + barW / 2, barY + 17);
  ctx.textAlign = 'right';
  ctx.fillText(formatTick(l.colourDomain[1]), barX + barW, barY + 17);
  ctx.textAlign = 'left';
  ctx.fillStyle = chartTheme.text;
  // Small disc to large, on the same 5th–95th percentile scale as the colour.
  const sizeText = `size: ${l.sizeLabel}  `;
  ctx.fillText(sizeText, x + 10, y + 58);
  let sx = x + 10 + ctx.measureText(sizeText).width;
  ctx.fillStyle = chartTheme.muted;
  for (const [value, r] of [[l.sizeDomain[0], 2], [l.sizeDomain[1], 4.5]] as const) {
    ctx.beginPath();
    ctx.arc(sx + r, y + 58, r, 0, Math.PI * 2);
    ctx.fill();
    sx += 2 * r + 4;
    const text = `${formatTick(value)}${r === 2 ? ' → ' : ''}`;
    ctx.fillText(text, sx, y + 58);
    sx += ctx.measureText(text).width + 4;
  }
  const extinct = l.survivorsOnly ? 'extinct hidden' : l.aggregated ? 'extinct as density' : 'faded = extinct';
  ctx.fillText(`${l.nodes.toLocaleString('en')} individuals · ${l.living.toLocaleString('en')} alive · ${extinct}`, x + 10, y + 76);
}

function ring(ctx: CanvasRenderingContext2D, p: { x: number; y: number; r: number } | null, colour: string, width: number): void {
  if (!p) return;
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.beginPath();
  ctx.arc(p.x, p.y, p.r + 3, 0, Math.PI * 2);
  ctx.stroke();
}
