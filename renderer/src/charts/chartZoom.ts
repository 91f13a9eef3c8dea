import type { Frame } from './chartFrame';

/** A range of generations (or epochs) on a chart's x axis, low first. */
export type XRange = readonly [number, number];

/** Pixels a press must travel before it is a drag-select rather than a click. */
export const DRAG_MIN_PX = 4;

/** The data x under a pixel of a linear x axis (generations and epochs always are). */
export function xAt(frame: Pick<Frame, 'x'>, px: number): number {
  const [r0, r1] = frame.x.range, [d0, d1] = frame.x.domain;
  return r1 === r0 ? d0 : d0 + ((px - r0) / (r1 - r0)) * (d1 - d0);
}

/**
 * The whole generations a drag from pixel `px0` to `px1` selects: outward to whole
 * numbers, at least one generation wide, inside the axis' domain. Null for a press that
 * barely moved (a click is not a zoom).
 */
export function rangeFromDrag(frame: Pick<Frame, 'x'>, px0: number, px1: number): XRange | null {
  if (Math.abs(px1 - px0) < DRAG_MIN_PX) return null;
  const [d0, d1] = frame.x.domain;
  // Fewer than two whole generations drawn (one generation: its padded domain): nothing to zoom to.
  if (Math.floor(d1) - Math.ceil(d0) < 1) return null;
  let lo = Math.max(Math.ceil(d0), Math.floor(xAt(frame, Math.min(px0, px1))));
  let hi = Math.min(Math.floor(d1), Math.ceil(xAt(frame, Math.max(px0, px1))));
  if (hi - lo < 1) {
    // A drag inside one generation: that generation and the next (a line needs two points).
    hi = lo + 1;
    if (hi > Math.floor(d1)) [lo, hi] = [hi - 2, hi - 1];
  }
  return lo < hi ? [lo, hi] : null;
}

/**
 * The range after zooming `current` by `factor` (< 1 zooms in) around generation
 * `anchor`, which stays under the pointer; whole generations, at least one wide, inside
 * `full`, and at least one generation narrower or wider than `current` (a narrow zoom
 * scaled and rounded back to itself left the wheel doing nothing). Null once it covers
 * all of `full` (zoomed right out: no zoom).
 */
export function zoomAround(current: XRange, full: XRange, anchor: number, factor: number): XRange | null {
  const [c0, c1] = current;
  const width = c1 - c0;
  let span = Math.round(width * factor);
  if (factor < 1) span = Math.min(span, width - 1);
  else if (factor > 1) span = Math.max(span, width + 1);
  span = Math.max(1, span);
  if (span >= full[1] - full[0]) return null;
  const t = width === 0 ? 0.5 : (anchor - c0) / width;
  const lo = Math.max(Math.ceil(full[0]), Math.min(Math.floor(full[1]) - span, Math.round(anchor - t * span)));
  return [lo, lo + span];
}

/** The x domain a chart draws: the zoomed range when there is one, else the data's. */
export function visibleDomain(data: XRange, zoom: XRange | null): XRange {
  return zoom ?? data;
}

/** The y values whose x lies in `range` (the y axis fits what the zoom shows); all of them without a zoom. */
export function valuesInRange(xs: readonly number[], ys: readonly number[], range: XRange | null): number[] {
  if (!range) return [...ys];
  const out: number[] = [];
  for (let i = 0; i < xs.length; i++) if (xs[i] >= range[0] && xs[i] <= range[1]) out.push(ys[i]);
  return out;
}

/** The x axis label, saying the range shown while zoomed: "generation 5–12 (zoomed; double-click resets)". */
export function zoomedLabel(label: string, zoom: XRange | null): string {
  return zoom ? `${label} ${zoom[0]}–${zoom[1]} (zoomed; double-click resets)` : label;
}

export interface ChartZoomHost {
  /** The chart's frame as last drawn (undefined before the first draw). */
  frame(): Frame | undefined;
  /** The range shown now, or null (all). */
  zoom(): XRange | null;
  /** The whole extent of the data, for zooming out with the wheel. */
  full(): XRange;
  /** Sets the zoom for every linked chart (null resets). */
  setZoom(range: XRange | null): void;
  /** The band being dragged, in pixels, to draw over the chart (null when the drag ends). */
  showBand(band: readonly [number, number] | null): void;
}

/**
 * The one way a chart zooms its x axis: drag across the plot to select a range of
 * generations (or epochs), shift+wheel to zoom around the pointer (a plain wheel still
 * scrolls the charts panel), double-click to reset. The host links the charts: it keeps
 * one zoom for all and redraws them.
 */
export function attachChartZoom(canvas: HTMLCanvasElement, host: ChartZoomHost): void {
  let start: number | null = null;
  const localX = (e: MouseEvent) => e.clientX - canvas.getBoundingClientRect().left;
  canvas.addEventListener('pointerdown', (e) => {
    const frame = host.frame();
    if (!frame || e.button !== 0) return;
    const px = localX(e);
    if (px < frame.plot.left || px > frame.plot.right) return;
    start = px;
    canvas.setPointerCapture?.(e.pointerId);
  });
  canvas.addEventListener('pointermove', (e) => {
    const frame = host.frame();
    if (start === null || !frame) return;
    const px = Math.max(frame.plot.left, Math.min(frame.plot.right, localX(e)));
    host.showBand(Math.abs(px - start) >= DRAG_MIN_PX ? [start, px] : null);
  });
  const finish = (e: PointerEvent, apply: boolean) => {
    const frame = host.frame();
    const from = start;
    start = null;
    host.showBand(null);
    if (!apply || from === null || !frame) return;
    const px = Math.max(frame.plot.left, Math.min(frame.plot.right, localX(e)));
    const range = rangeFromDrag(frame, from, px);
    if (range) host.setZoom(range);
  };
  canvas.addEventListener('pointerup', (e) => finish(e, true));
  canvas.addEventListener('pointercancel', (e) => finish(e, false));
  canvas.addEventListener('dblclick', () => host.setZoom(null));
  canvas.addEventListener('wheel', (e) => {
    const frame = host.frame();
    if (!e.shiftKey || !frame) return;
    // Shift turns a vertical wheel into deltaX in some browsers.
    const delta = e.deltaY || e.deltaX;
    if (!delta) return;
    e.preventDefault();
    const full = host.full();
    const next = zoomAround(host.zoom() ?? full, full, xAt(frame, localX(e)), delta > 0 ? 1.25 : 0.8);
    host.setZoom(next);
  }, { passive: false });
}
