import { chartFrame, type LegendEntry, noDataFigure, undrawableNote } from './chartFrame';
import { clipPolygon, clipPolyline, type Point } from './clipToRect';
import { markerElement } from './markerShape';
import { checkedSize, coord, escapeXml, svgDocument, textElement } from './svgMarkup';
import { type FigureStyle, themeOf } from './theme';

export interface LineSeries {
  name: string;
  points: [number, number][];
  dashed?: boolean;
  /**
   * A shaded spread around the line, as [x, low, high] (e.g. mean ± sd over seeds). A
   * low end that a log axis cannot show is drawn from the bottom of the plot.
   */
  band?: [number, number, number][];
}

export interface LineChartOptions extends FigureStyle {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  logY?: boolean;
  width?: number;
  height?: number;
  markers?: boolean;
  /**
   * Fixes the y-axis extent instead of deriving it from the data; values outside are
   * clipped at the plot edge. Use it to keep one exploding series from flattening the rest.
   */
  yDomain?: [number, number];
  /** Legend name of the shaded bands (e.g. "± 1 sd over 3 seeds"); bands are drawn only with it. */
  bandLabel?: string;
  /**
   * On a log axis, what an exact zero means (e.g. "L_SR = 0"): such points are drawn on
   * the bottom edge with a marker, and the first is annotated, instead of being left out
   * (a log axis has no 0, and the zero quine's result is exactly 0).
   */
  zeroLabel?: string;
  /** Horizontal reference lines (e.g. SPEC's verdict thresholds), dotted and labelled; drawn where the axis reaches them. */
  guides?: { y: number; label: string }[];
  /** See ChartFrameOptions: fixed plot left and legend width, to line up stacked panels. */
  plotLeft?: number;
  legendWidth?: number;
}

const BAND_OPACITY = 0.2;

// Above this many decades a linear axis squeezes the small values into one pixel row.
const DECADES_FOR_LOG = 3;

/**
 * Whether the series' positive finite y values span more than three decades — the point
 * where a log y-axis usually reads better. The chart never switches by itself: the caller
 * decides, so a figure's axis type does not change from one run to the next.
 */
export function suggestLogY(series: readonly LineSeries[]): boolean {
  let min = Infinity;
  let max = 0;
  for (const s of series) {
    for (const [, y] of s.points) {
      if (Number.isFinite(y) && y > 0) {
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
    }
  }
  return max > 0 && Math.log10(max / min) > DECADES_FOR_LOG;
}

function checkDomain(domain: [number, number] | undefined, logY: boolean): void {
  if (domain === undefined) return;
  const [lo, hi] = domain;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo >= hi || (logY && lo <= 0)) {
    throw new RangeError(
      `lineChart: expected yDomain to be [lo, hi] with finite lo < hi${logY ? ' and lo > 0 on a log axis' : ''}, got [${lo}, ${hi}]`,
    );
  }
}

/**
 * Line chart of one or more series (e.g. loss per epoch for several optimisers).
 * A point whose x or y is NaN or ±Infinity — or y ≤ 0 on a log axis — breaks the line
 * there instead of being drawn; a footnote counts such points. The axes are driven by
 * the drawable points, and lines leaving the plot area are cut at its edge.
 */
export function lineChart(opts: LineChartOptions): string {
  const width = checkedSize('lineChart', 'width', opts.width, 640, 120);
  const height = checkedSize('lineChart', 'height', opts.height, 400, 120);
  const theme = themeOf(opts);
  const logY = opts.logY ?? false;
  checkDomain(opts.yDomain, logY);
  const yOk = (y: number): boolean => Number.isFinite(y) && (!logY || y > 0);
  const onFloor = (y: number): boolean => logY && opts.zeroLabel !== undefined && y === 0;
  const bands = opts.bandLabel !== undefined;

  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  let undrawable = 0;
  const extend = (x: number, y: number): void => {
    xMin = Math.min(xMin, x);
    xMax = Math.max(xMax, x);
    yMin = Math.min(yMin, y);
    yMax = Math.max(yMax, y);
  };
  for (const s of opts.series) {
    for (const [x, y] of s.points) {
      if (Number.isFinite(x) && yOk(y)) extend(x, y);
      else if (Number.isFinite(x) && onFloor(y)) [xMin, xMax] = [Math.min(xMin, x), Math.max(xMax, x)];
      else undrawable += 1;
    }
    if (bands) for (const [x, lo, hi] of s.band ?? []) for (const y of [lo, hi]) if (Number.isFinite(x) && yOk(y)) extend(x, y);
  }
  if (xMin > xMax) {
    const message = opts.series.length === 0 ? 'no data' : 'no data (no finite points to draw)';
    return noDataFigure(width, height, opts.title, message, opts);
  }
  // Only zeros on a log axis: a one-decade axis for the floor to sit on.
  if (yMin > yMax) [yMin, yMax] = [0.1, 1];
  if (opts.yDomain) [yMin, yMax] = opts.yDomain;

  const legend: LegendEntry[] = opts.series.map((s, i) => ({
    name: s.name,
    colour: theme.series(i),
    symbol: { kind: 'line', dashed: s.dashed },
  }));
  if (bands && opts.series.some((s) => s.band?.length)) legend.push({ name: opts.bandLabel!, colour: theme.axis, symbol: { kind: 'area', opacity: BAND_OPACITY } });
  const hasZeros = opts.series.some((s) => s.points.some(([x, y]) => Number.isFinite(x) && onFloor(y)));
  const notes = [undrawableNote(undrawable, logY), hasZeros ? `▼ on the x-axis: exactly 0 (a log axis has no 0)` : undefined].filter((n) => n !== undefined);
  const footnote = notes.length ? notes.join('; ') : undefined;
  const frame = chartFrame({
    width,
    height,
    title: opts.title,
    subtitle: opts.subtitle,
    titleSize: opts.titleSize,
    theme,
    xLabel: opts.xLabel,
    yLabel: opts.yLabel,
    x: { min: xMin, max: xMax, integer: opts.series.every((s) => s.points.every(([x]) => !Number.isFinite(x) || Number.isInteger(x))) },
    y: { min: yMin, max: yMax, log: logY },
    legend,
    footnote,
    plotLeft: opts.plotLeft,
    legendWidth: opts.legendWidth,
  });

  const shading: string[] = [];
  for (const guide of opts.guides ?? []) {
    if (!yOk(guide.y)) continue;
    const py = frame.y.map(guide.y);
    if (py < frame.plot.top || py > frame.plot.bottom) continue;
    shading.push(`<line x1="${coord(frame.plot.left)}" y1="${coord(py)}" x2="${coord(frame.plot.right)}" y2="${coord(py)}" stroke="${theme.note}" stroke-width="1" stroke-dasharray="2 3" data-guide="${escapeXml(guide.label)}"/>`);
    shading.push(textElement(frame.plot.right - 4, py - 4, guide.label, { size: 10, anchor: 'end', fill: theme.note }));
  }
  const data: string[] = [];
  let firstZero: { x: number; px: number; stays: boolean } | null = null;
  opts.series.forEach((s, i) => {
    const colour = theme.series(i);
    const name = escapeXml(s.name);
    if (bands && s.band?.length) {
      // Below a log axis's floor is "off the bottom": one pixel under the plot, then clipped.
      const py = (y: number): number => (yOk(y) ? frame.y.map(y) : frame.plot.bottom + 1);
      const runs: [number, number, number][][] = [[]];
      for (const [x, lo, hi] of s.band) {
        if (Number.isFinite(x) && (yOk(lo) || (logY && Number.isFinite(lo))) && yOk(hi)) runs[runs.length - 1].push([frame.x.map(x), py(lo), py(hi)]);
        else if (runs[runs.length - 1].length > 0) runs.push([]);
      }
      for (const run of runs.filter((r) => r.length > 1)) {
        const polygon = clipPolygon([...run.map(([x, , hi]): Point => [x, hi]), ...run.reverse().map(([x, lo]): Point => [x, lo])], frame.plot);
        if (polygon.length > 2) {
          shading.push(`<path d="${polygon.map((p, k) => `${k === 0 ? 'M' : 'L'}${coord(p[0])} ${coord(p[1])}`).join('')}Z" fill="${colour}" fill-opacity="${BAND_OPACITY}" stroke="none" data-band="${name}"/>`);
        }
      }
    }
    // Consecutive drawable points form one run; an undrawable point ends the run so the
    // line shows a gap rather than bridging over a diverged epoch.
    const runs: Point[][] = [[]];
    const zeros: Point[] = [];
    for (const [x, y] of s.points) {
      if (Number.isFinite(x) && yOk(y)) runs[runs.length - 1].push([frame.x.map(x), frame.y.map(y)]);
      else if (Number.isFinite(x) && onFloor(y)) {
        const p: Point = [frame.x.map(x), frame.plot.bottom];
        runs[runs.length - 1].push(p);
        zeros.push(p);
        if (!firstZero || x < firstZero.x) firstZero = { x, px: p[0], stays: s.points.every(([x2, y2]) => x2 < x || y2 === 0) };
      } else if (runs[runs.length - 1].length > 0) runs.push([]);
    }
    const path: string[] = [];
    const dots: Point[] = [];
    for (const run of runs) {
      for (const piece of clipPolyline(run, frame.plot)) {
        // A lone point has no segment to stroke; it gets a dot so it does not vanish.
        if (piece.length === 1) dots.push(piece[0]);
        else path.push(piece.map((p, k) => `${k === 0 ? 'M' : 'L'}${coord(p[0])} ${coord(p[1])}`).join(''));
      }
    }
    if (path.length > 0) {
      data.push(
        `<path d="${path.join('')}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round" ` +
          `stroke-linecap="round"${s.dashed ? ' stroke-dasharray="7 4"' : ''} data-series="${name}"/>`,
      );
    }
    const markerPoints: Point[] = opts.markers
      ? runs.flat().filter((p) => p[0] >= frame.plot.left && p[0] <= frame.plot.right && p[1] >= frame.plot.top && p[1] <= frame.plot.bottom && !zeros.includes(p))
      : dots;
    for (const p of markerPoints) {
      data.push(`<circle cx="${coord(p[0])}" cy="${coord(p[1])}" r="3" fill="${colour}" stroke="${theme.background}" stroke-width="0.75" data-series="${name}"/>`);
    }
    // The triangle's tip (1.15 r below its centre) touches the axis.
    for (const p of zeros) data.push(markerElement('triangle-down', p[0], p[1] - 4.6, 4, colour, `data-zero="${name}"`, theme.background));
  });
  if (firstZero) {
    const { x, px, stays } = firstZero as { x: number; px: number; stays: boolean };
    const right = px > (frame.plot.left + frame.plot.right) / 2;
    const at = `${opts.xLabel} ${Number(x.toPrecision(6))}`;
    const text = `▼ ${opts.zeroLabel} ${stays ? `from ${at} on` : `first at ${at}`}`;
    data.push(textElement(right ? px + 4 : px - 4, frame.plot.bottom - 14, text, { size: 11, anchor: right ? 'end' : 'start', fill: theme.text }));
  }

  return svgDocument(width, height, [...frame.under, ...shading, ...data, ...frame.over], { background: theme.background, title: opts.title });
}
