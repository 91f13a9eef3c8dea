import { chartFrame, type LegendEntry, noDataFigure, undrawableNote } from './chartFrame';
import { clipPolyline, type Point } from './clipToRect';
import { seriesColour } from '../../shared/colourMaps';
import { checkedSize, coord, escapeXml, svgDocument } from './svgMarkup';

export interface LineSeries {
  name: string;
  points: [number, number][];
  dashed?: boolean;
}

export interface LineChartOptions {
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
}

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
  const logY = opts.logY ?? false;
  checkDomain(opts.yDomain, logY);
  const yOk = (y: number): boolean => Number.isFinite(y) && (!logY || y > 0);

  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  let undrawable = 0;
  for (const s of opts.series) {
    for (const [x, y] of s.points) {
      if (Number.isFinite(x) && yOk(y)) {
        xMin = Math.min(xMin, x);
        xMax = Math.max(xMax, x);
        yMin = Math.min(yMin, y);
        yMax = Math.max(yMax, y);
      } else {
        undrawable += 1;
      }
    }
  }
  if (xMin > xMax) {
    const message = opts.series.length === 0 ? 'no data' : 'no data (no finite points to draw)';
    return noDataFigure(width, height, opts.title, message);
  }
  if (opts.yDomain) [yMin, yMax] = opts.yDomain;

  const legend: LegendEntry[] = opts.series.map((s, i) => ({
    name: s.name,
    colour: seriesColour(i),
    symbol: { kind: 'line', dashed: s.dashed },
  }));
  const footnote = undrawableNote(undrawable, logY);
  const frame = chartFrame({
    width,
    height,
    title: opts.title,
    xLabel: opts.xLabel,
    yLabel: opts.yLabel,
    x: { min: xMin, max: xMax },
    y: { min: yMin, max: yMax, log: logY },
    legend,
    footnote,
  });

  const data: string[] = [];
  opts.series.forEach((s, i) => {
    const colour = seriesColour(i);
    // Consecutive drawable points form one run; an undrawable point ends the run so the
    // line shows a gap rather than bridging over a diverged epoch.
    const runs: Point[][] = [[]];
    for (const [x, y] of s.points) {
      if (Number.isFinite(x) && yOk(y)) runs[runs.length - 1].push([frame.x.map(x), frame.y.map(y)]);
      else if (runs[runs.length - 1].length > 0) runs.push([]);
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
    const name = escapeXml(s.name);
    if (path.length > 0) {
      data.push(
        `<path d="${path.join('')}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round" ` +
          `stroke-linecap="round"${s.dashed ? ' stroke-dasharray="7 4"' : ''} data-series="${name}"/>`,
      );
    }
    const markerPoints: Point[] = opts.markers
      ? runs.flat().filter((p) => p[0] >= frame.plot.left && p[0] <= frame.plot.right && p[1] >= frame.plot.top && p[1] <= frame.plot.bottom)
      : dots;
    for (const p of markerPoints) {
      data.push(`<circle cx="${coord(p[0])}" cy="${coord(p[1])}" r="3" fill="${colour}" stroke="#ffffff" stroke-width="0.75" data-series="${name}"/>`);
    }
  });

  return svgDocument(width, height, [...frame.under, ...data, ...frame.over]);
}
