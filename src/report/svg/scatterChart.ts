import { chartFrame, type LegendEntry, noDataFigure, undrawableNote } from './chartFrame';
import { clipPolyline, type Point } from './clipToRect';
import { markerElement, markerShapeAt } from './markerShape';
import { checkedSize, coord, escapeXml, svgDocument } from './svgMarkup';
import { type FigureStyle, themeOf } from './theme';

export interface ScatterPoint {
  x: number;
  y: number;
  group?: string;
}

export interface ScatterChartOptions extends FigureStyle {
  title: string;
  xLabel: string;
  yLabel: string;
  points: ScatterPoint[];
  /** Drawn as a step line through these points in x order, e.g. a Pareto front. */
  front?: [number, number][];
  /** Legend name of the front; default "Pareto front". */
  frontLabel?: string;
  /**
   * Which way the steps turn. 'vertical-first' (default) suits maximising x while
   * minimising y — accuracy against replication loss — where the front's attainable
   * boundary rises at each x before running flat; 'horizontal-first' suits the mirror case.
   */
  frontStep?: 'vertical-first' | 'horizontal-first';
  logY?: boolean;
  width?: number;
  height?: number;
}

const UNGROUPED = '';

function stepPoints(front: readonly (readonly [number, number])[], verticalFirst: boolean): [number, number][] {
  const sorted = [...front].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const steps: [number, number][] = [];
  sorted.forEach((p, i) => {
    if (i > 0) {
      const prev = sorted[i - 1];
      steps.push(verticalFirst ? [prev[0], p[1]] : [p[0], prev[1]]);
    }
    steps.push([p[0], p[1]]);
  });
  return steps;
}

/**
 * Scatter plot with optional groups (each its own colour and marker shape) and an
 * optional step line such as a Pareto front. Points with a non-finite coordinate, or
 * y ≤ 0 on a log axis, are left out and counted in a footnote.
 */
export function scatterChart(opts: ScatterChartOptions): string {
  const width = checkedSize('scatterChart', 'width', opts.width, 640, 120);
  const height = checkedSize('scatterChart', 'height', opts.height, 420, 120);
  const logY = opts.logY ?? false;
  const theme = themeOf(opts);
  const drawable = (x: number, y: number): boolean => Number.isFinite(x) && Number.isFinite(y) && (!logY || y > 0);

  const points = opts.points.filter((p) => drawable(p.x, p.y));
  const front = (opts.front ?? []).filter(([x, y]) => drawable(x, y));
  const undrawable = opts.points.length - points.length + ((opts.front ?? []).length - front.length);
  if (points.length === 0 && front.length === 0) {
    const message = opts.points.length === 0 && (opts.front ?? []).length === 0 ? 'no data' : 'no data (no finite points to draw)';
    return noDataFigure(width, height, opts.title, message, opts);
  }

  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const [x, y] of [...points.map((p): [number, number] => [p.x, p.y]), ...front]) {
    xMin = Math.min(xMin, x);
    xMax = Math.max(xMax, x);
    yMin = Math.min(yMin, y);
    yMax = Math.max(yMax, y);
  }

  // Groups keep the order in which they first appear so colours are stable for a given input.
  const groups: string[] = [];
  for (const p of points) {
    const g = p.group ?? UNGROUPED;
    if (!groups.includes(g)) groups.push(g);
  }
  const groupIndex = new Map(groups.map((g, i) => [g, i]));
  const legend: LegendEntry[] = groups
    .filter((g) => g !== UNGROUPED || groups.length > 1)
    .map((g) => ({
      name: g === UNGROUPED ? '(no group)' : g,
      colour: theme.series(groupIndex.get(g)!),
      symbol: { kind: 'marker', shape: markerShapeAt(groupIndex.get(g)!) },
    }));
  if (front.length > 0) legend.push({ name: opts.frontLabel ?? 'Pareto front', colour: theme.ink, symbol: { kind: 'line' } });

  const frame = chartFrame({
    width,
    height,
    title: opts.title,
    subtitle: opts.subtitle,
    theme,
    xLabel: opts.xLabel,
    yLabel: opts.yLabel,
    x: { min: xMin, max: xMax },
    y: { min: yMin, max: yMax, log: logY },
    legend,
    footnote: undrawableNote(undrawable, logY),
  });

  const data: string[] = [];
  for (const p of points) {
    const i = groupIndex.get(p.group ?? UNGROUPED)!;
    const group = p.group === undefined ? '' : ` data-group="${escapeXml(p.group)}"`;
    data.push(markerElement(markerShapeAt(i), frame.x.map(p.x), frame.y.map(p.y), 4, theme.series(i), `fill-opacity="0.85"${group}`.trim(), theme.background));
  }
  if (front.length > 0) {
    const pixels: Point[] = stepPoints(front, (opts.frontStep ?? 'vertical-first') === 'vertical-first').map(([x, y]) => [
      frame.x.map(x),
      frame.y.map(y),
    ]);
    const d = clipPolyline(pixels, frame.plot)
      .map((piece) => piece.map((p, k) => `${k === 0 ? 'M' : 'L'}${coord(p[0])} ${coord(p[1])}`).join(''))
      .join('');
    // Drawn over the points: the front is the figure's message, the cloud its context.
    if (d) data.push(`<path d="${d}" fill="none" stroke="${theme.ink}" stroke-width="1.75" stroke-linejoin="round" data-front="true"/>`);
    for (const [x, y] of front) {
      data.push(`<circle cx="${coord(frame.x.map(x))}" cy="${coord(frame.y.map(y))}" r="2.5" fill="${theme.ink}"/>`);
    }
  }
  return svgDocument(width, height, [...frame.under, ...data, ...frame.over], { background: theme.background, title: opts.title });
}
