import type { Rect } from './clipToRect';
import { type MarkerShape, markerElement } from './markerShape';
import { linearScale, logScale, type Scale } from '../../shared/scale';
import { coord, estimateTextWidth, svgDocument, textElement } from './svgMarkup';
import { type FigureStyle, type FigureTheme, themeOf } from './theme';

// The parts every x/y chart has — title, axes with ticks and grid, axis labels, legend —
// laid out once so line, scatter and Muller figures look like one family.

export type LegendSymbol = { kind: 'line'; dashed?: boolean } | { kind: 'marker'; shape: MarkerShape } | { kind: 'area'; opacity?: number };

export interface LegendEntry {
  name: string;
  colour: string;
  symbol: LegendSymbol;
}

export interface AxisSpec {
  /** Smallest and largest plottable data value on this axis. */
  min: number;
  max: number;
  log?: boolean;
  /** Domain is exactly [min, max] rather than widened to the surrounding nice ticks. */
  tight?: boolean;
  /** Whole numbers only (epochs, generations): never more ticks than integers in the span, so no "1.5". */
  integer?: boolean;
}

export interface ChartFrameOptions extends FigureStyle {
  width: number;
  height: number;
  title: string;
  xLabel: string;
  yLabel: string;
  x: AxisSpec;
  y: AxisSpec;
  legend: readonly LegendEntry[];
  /** Small grey note under the x-axis label, e.g. how many points were not drawn. */
  footnote?: string;
  /**
   * Fixed left edge of the plot and width of the legend area, in pixels, instead of
   * measuring tick labels and legend names: panels stacked in one figure pass the same
   * values so their plots line up.
   */
  plotLeft?: number;
  legendWidth?: number;
}

export interface ChartFrame {
  plot: Rect;
  x: Scale;
  y: Scale;
  /** Background and grid: drawn before the data. */
  under: string[];
  /** Axes, labels, title and legend: drawn after the data so lines never hide them. */
  over: string[];
}

const TITLE_SIZE = 15;
const SUBTITLE_SIZE = 11;
const LABEL_SIZE = 12;
const TICK_SIZE = 11;
const LEGEND_SIZE = 12;
const LEGEND_ROW = 18;
const LEGEND_SYMBOL = 22;
const LEGEND_GAP = 12;

function makeScale(axis: AxisSpec, range: readonly [number, number], tickCount: number): Scale {
  return axis.log
    ? logScale(axis.min, axis.max, range, { maxTicks: tickCount + 2 })
    : linearScale(axis.min, axis.max, range, { tickCount, tight: axis.tight });
}

function truncate(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

function legendSymbol(entry: LegendEntry, x: number, y: number, theme: FigureTheme): string {
  const { symbol, colour } = entry;
  switch (symbol.kind) {
    case 'line':
      return (
        `<line x1="${coord(x)}" y1="${coord(y)}" x2="${coord(x + LEGEND_SYMBOL)}" y2="${coord(y)}" stroke="${colour}" ` +
        `stroke-width="2.5"${symbol.dashed ? ' stroke-dasharray="6 3"' : ''}/>`
      );
    case 'marker':
      return markerElement(symbol.shape, x + LEGEND_SYMBOL / 2, y, 4.5, colour, '', theme.background);
    case 'area':
      return `<rect x="${coord(x + 3)}" y="${coord(y - 6)}" width="${coord(LEGEND_SYMBOL - 6)}" height="12" fill="${colour}"${symbol.opacity !== undefined ? ` fill-opacity="${symbol.opacity}"` : ''} stroke="${theme.axis}" stroke-width="0.5"/>`;
  }
}

/** Top of the plot: below the title, and below the subtitle when there is one. */
export function plotTop(subtitle: string | undefined): number {
  return subtitle ? 62 : 44;
}

/** The title and the optional subtitle line (preset, seed, version) of a figure `width` wide. */
export function titleElements(width: number, title: string, style: FigureStyle): string[] {
  const theme = themeOf(style);
  // A title wider than the figure is set smaller rather than cut at the edges (bold text
  // runs about 10 % wider than the estimate).
  const fit = (text: string, size: number, bold: number): number => Math.max(9, Math.min(size, (width - 16) / (bold * estimateTextWidth(text, 1))));
  const out = [textElement(width / 2, 26, title, { size: fit(title, style.titleSize ?? TITLE_SIZE, 1.1), anchor: 'middle', weight: 'bold', fill: theme.text })];
  if (style.subtitle) out.push(textElement(width / 2, 44, style.subtitle, { size: fit(style.subtitle, SUBTITLE_SIZE, 1), anchor: 'middle', fill: theme.note }));
  return out;
}

/** Lays out a chart and draws everything except the data. */
export function chartFrame(options: ChartFrameOptions): ChartFrame {
  const { width, height } = options;
  const theme = themeOf(options);
  const hasLegend = options.legend.length > 0;

  const top = plotTop(options.subtitle);
  const bottom = height - (options.footnote ? 62 : 48);
  const plotHeight = Math.max(20, bottom - top);
  const yTickCount = Math.max(2, Math.round(plotHeight / 55));
  // Every legend entry is shown: when they do not fit in one column beside the plot they
  // take more columns (a legend that drops series leaves lines nobody can name).
  const rowsThatFit = Math.max(1, Math.floor((plotHeight - 4) / LEGEND_ROW));
  const legendColumns = hasLegend ? Math.ceil(options.legend.length / rowsThatFit) : 0;
  const columnWidth = hasLegend
    ? Math.min((width * (legendColumns > 1 ? 0.5 : 0.35)) / legendColumns, Math.max(...options.legend.map((e) => estimateTextWidth(e.name, LEGEND_SIZE))) + LEGEND_SYMBOL + 10)
    : 0;
  const legendWidth = options.legendWidth ?? columnWidth * legendColumns + (legendColumns - 1) * LEGEND_GAP;
  // The y tick labels decide the left margin, and they do not depend on pixel positions,
  // so a provisional scale is enough to measure them.
  const provisionalY = makeScale(options.y, [bottom, top], yTickCount);
  const widestYLabel = Math.max(...provisionalY.ticks.map((t) => estimateTextWidth(provisionalY.format(t), TICK_SIZE)));
  const left = options.plotLeft ?? 8 + LABEL_SIZE + 10 + widestYLabel + 9;
  const right = width - (hasLegend || options.legendWidth !== undefined ? legendWidth + 32 : 20);
  const plotWidth = Math.max(20, right - left);
  const widthTicks = Math.max(2, Math.round(plotWidth / 90));
  const xTickCount = options.x.integer ? Math.max(1, Math.min(widthTicks, Math.round(options.x.max - options.x.min))) : widthTicks;

  const plot: Rect = { left, top, right: left + plotWidth, bottom: top + plotHeight };
  const x = makeScale(options.x, [plot.left, plot.right], xTickCount);
  const y = makeScale(options.y, [plot.bottom, plot.top], yTickCount);

  const under: string[] = [];
  for (const t of y.ticks) {
    const py = coord(y.map(t));
    under.push(`<line x1="${coord(plot.left)}" y1="${py}" x2="${coord(plot.right)}" y2="${py}" stroke="${theme.grid}" stroke-width="1"/>`);
  }
  for (const t of x.ticks) {
    const px = coord(x.map(t));
    under.push(`<line x1="${px}" y1="${coord(plot.top)}" x2="${px}" y2="${coord(plot.bottom)}" stroke="${theme.grid}" stroke-width="1"/>`);
  }

  const over: string[] = [];
  over.push(
    `<path d="M${coord(plot.left)} ${coord(plot.top)}V${coord(plot.bottom)}H${coord(plot.right)}" fill="none" stroke="${theme.axis}" stroke-width="1"/>`,
  );
  const tickPaths: string[] = [];
  for (const t of y.ticks) {
    const py = y.map(t);
    tickPaths.push(`M${coord(plot.left - 5)} ${coord(py)}H${coord(plot.left)}`);
    over.push(textElement(plot.left - 8, py + TICK_SIZE * 0.35, y.format(t), { size: TICK_SIZE, anchor: 'end', fill: theme.axis }));
  }
  for (const t of y.minorTicks) tickPaths.push(`M${coord(plot.left - 3)} ${coord(y.map(t))}H${coord(plot.left)}`);
  for (const t of x.ticks) {
    const px = x.map(t);
    tickPaths.push(`M${coord(px)} ${coord(plot.bottom)}V${coord(plot.bottom + 5)}`);
    over.push(textElement(px, plot.bottom + 18, x.format(t), { size: TICK_SIZE, anchor: 'middle', fill: theme.axis }));
  }
  for (const t of x.minorTicks) tickPaths.push(`M${coord(x.map(t))} ${coord(plot.bottom)}V${coord(plot.bottom + 3)}`);
  if (tickPaths.length > 0) over.push(`<path d="${tickPaths.join('')}" stroke="${theme.axis}" stroke-width="1"/>`);

  over.push(textElement((plot.left + plot.right) / 2, plot.bottom + 38, options.xLabel, { size: LABEL_SIZE, anchor: 'middle', fill: theme.text }));
  const yLabelX = 8 + LABEL_SIZE;
  over.push(textElement(yLabelX, (plot.top + plot.bottom) / 2, options.yLabel, { size: LABEL_SIZE, anchor: 'middle', rotate: -90, fill: theme.text }));
  over.push(...titleElements(width, options.title, options));
  if (options.footnote) {
    over.push(textElement(plot.left, plot.bottom + 54, options.footnote, { size: 10, fill: theme.note }));
  }

  if (hasLegend) {
    const columnStride = legendColumns > 1 ? (legendWidth - (legendColumns - 1) * LEGEND_GAP) / legendColumns + LEGEND_GAP : legendWidth;
    // The epsilon keeps a name whose estimated width set the column width from being cut by rounding.
    const maxChars = Math.max(3, Math.floor((columnStride - (legendColumns > 1 ? LEGEND_GAP : 0) - LEGEND_SYMBOL - 10) / estimateTextWidth('x', LEGEND_SIZE) + 1e-6));
    options.legend.forEach((entry, i) => {
      const column = Math.floor(i / rowsThatFit);
      const legendLeft = plot.right + 16 + column * columnStride;
      const rowY = plot.top + 8 + (i % rowsThatFit) * LEGEND_ROW;
      over.push(legendSymbol(entry, legendLeft, rowY, theme));
      over.push(textElement(legendLeft + LEGEND_SYMBOL + 6, rowY + LEGEND_SIZE * 0.35, truncate(entry.name, maxChars), { size: LEGEND_SIZE, fill: theme.text }));
    });
  }
  return { plot, x, y, under, over };
}

/** A figure with only a title and a centred message, for when there is nothing to plot. */
export function noDataFigure(width: number, height: number, title: string, message = 'no data', style: FigureStyle = {}): string {
  const theme = themeOf(style);
  const top = plotTop(style.subtitle);
  return svgDocument(width, height, [
    ...titleElements(width, title, style),
    `<rect x="20" y="${top}" width="${coord(Math.max(1, width - 40))}" height="${coord(Math.max(1, height - top - 20))}" fill="none" stroke="${theme.grid}"/>`,
    textElement(width / 2, height / 2 + 10, message, { size: 14, anchor: 'middle', fill: theme.note }),
  ], { background: theme.background, title });
}

/** The footnote of a chart that had to leave points out, or undefined when it drew them all. */
export function undrawableNote(count: number, logY: boolean): string | undefined {
  if (count === 0) return undefined;
  return `${count} point${count === 1 ? '' : 's'} not drawn (not finite${logY ? ', or ≤ 0 on the log axis' : ''})`;
}
