// Axis scales: a data interval mapped onto a pixel interval, with the ticks to label it
// (src/shared/ticks). Shared by the SVG report and the browser renderer's charts.

import { decade, decadeRange, formatPowerOfTen, niceTicksWithStep, stepValue, tickFormatter, widenDegenerate } from './ticks';

export type ScaleKind = 'linear' | 'log';

export interface Scale {
  readonly kind: ScaleKind;
  /** Data interval drawn: the nice ticks' extent, so the axis starts and ends on a label. */
  readonly domain: readonly [number, number];
  /** Pixel interval the domain maps onto (for y, usually bottom then top). */
  readonly range: readonly [number, number];
  /** Labelled tick values, ascending, inside the domain. */
  readonly ticks: readonly number[];
  /** Unlabelled ticks (2..9 times each decade on a log axis; none on a linear axis). */
  readonly minorTicks: readonly number[];
  /** Whether a value can be placed on this axis (finite; also positive on a log axis). */
  isPlottable(value: number): boolean;
  /**
   * Pixel position of a plottable value. Values far outside the domain are clamped to
   * a million pixels beyond the range so callers never see Infinity from overflow.
   */
  map(value: number): number;
  /** Tick label text. */
  format(value: number): string;
}

// A million pixels past the range is far outside any figure but keeps arithmetic
// on clipped segments finite when a value explodes to 1e300.
const OVERFLOW_PIXELS = 1e6;

function clampPixel(position: number, range: readonly [number, number]): number {
  const low = Math.min(range[0], range[1]) - OVERFLOW_PIXELS;
  const high = Math.max(range[0], range[1]) + OVERFLOW_PIXELS;
  if (Number.isNaN(position)) return position;
  return Math.min(high, Math.max(low, position));
}

function checkRange(operation: string, range: readonly [number, number]): void {
  if (!Number.isFinite(range[0]) || !Number.isFinite(range[1])) {
    throw new RangeError(`${operation}: expected a finite pixel range, got [${range[0]}, ${range[1]}]`);
  }
}

/**
 * Linear scale over [dataMin, dataMax]. By default the domain is widened to the nice
 * ticks around the data; `tight` keeps the data extent as the domain (for area plots
 * that should fill the frame) and labels only the nice ticks inside it.
 */
export function linearScale(
  dataMin: number,
  dataMax: number,
  range: readonly [number, number],
  options: { tickCount?: number; tight?: boolean } = {},
): Scale {
  checkRange('linearScale', range);
  const { ticks: allTicks, step } = niceTicksWithStep(dataMin, dataMax, options.tickCount ?? 5);
  const [lo, hi] = options.tight ? widenDegenerate(dataMin, dataMax) : [allTicks[0], allTicks[allTicks.length - 1]];
  // Ticks within float noise of the data ends still count as inside (as in linearTicks).
  const slack = stepValue(step, 1) * 1e-9;
  const ticks = options.tight ? allTicks.filter((t) => t >= lo - slack && t <= hi + slack) : allTicks;
  const spanPixels = range[1] - range[0];
  // Halved before subtracting: value - lo overflows to Infinity for an exploding value
  // 1e308 on an axis reaching down to -1e308; the halves cannot.
  const halfSpan = hi / 2 - lo / 2;
  return {
    kind: 'linear',
    domain: [lo, hi],
    range: [range[0], range[1]],
    ticks,
    minorTicks: [],
    isPlottable: (value) => Number.isFinite(value),
    map: (value) => clampPixel(range[0] + ((value / 2 - lo / 2) / halfSpan) * spanPixels, range),
    format: tickFormatter(ticks.length > 0 ? ticks : [lo, hi], step),
  };
}

/** "10²" for a decade, "5×10¹" between decades: one style on a log axis. */
function formatLogTick(value: number): string {
  const exponent = Math.floor(Math.log10(value) + 1e-9);
  const mantissa = Math.round(value / decade(exponent));
  return mantissa === 1 ? formatPowerOfTen(value) : `${mantissa}×${formatPowerOfTen(decade(exponent))}`;
}

/** Log10 scale over whole decades covering [dataMin, dataMax] (both > 0). */
export function logScale(
  dataMin: number,
  dataMax: number,
  range: readonly [number, number],
  options: { maxTicks?: number } = {},
): Scale {
  checkRange('logScale', range);
  const { lo, hi, stride } = decadeRange(dataMin, dataMax, options.maxTicks ?? 8);
  const ticks: number[] = [];
  const minorTicks: number[] = [];
  // An axis of one decade would carry only its two ends as labels (a loss falling from
  // 95 to 60 reads as a line between 10¹ and 10²): label 2× and 5× that decade too.
  const single = hi - lo === 1;
  for (let k = lo; k <= hi; k += stride) {
    ticks.push(decade(k));
    if (single && k === lo) ticks.push(2 * decade(k), 5 * decade(k));
  }
  // Minor ticks at 2..9 × each decade when every decade is labelled; with a stride those
  // would crowd, so the unlabelled decades get the minor ticks instead.
  for (let k = lo; k < hi; k++) {
    if (stride === 1) for (let m = 2; m <= 9; m++) if (!(single && (m === 2 || m === 5))) minorTicks.push(m * decade(k));
    else if ((k - lo) % stride !== 0) minorTicks.push(decade(k));
  }
  const perDecade = (range[1] - range[0]) / (hi - lo);
  return {
    kind: 'log',
    domain: [decade(lo), decade(hi)],
    range: [range[0], range[1]],
    ticks,
    minorTicks,
    isPlottable: (value) => Number.isFinite(value) && value > 0,
    map: (value) => clampPixel(range[0] + (Math.log10(value) - lo) * perDecade, range),
    format: formatLogTick,
  };
}

/**
 * The extent of all finite values (positive ones only on a log axis), padded by a
 * fraction of its span (of its decades on a log axis);
 * `fallback` when there are none. A single value is widened
 * (by a tenth of a decade on a log axis) so the extent has a span.
 */
export function dataDomain(
  values: Iterable<number>,
  log = false,
  pad = 0.05,
  fallback: [number, number] = log ? [0.1, 10] : [0, 1],
): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return fallback;
  if (log) {
    const a = Math.log10(lo);
    const b = Math.log10(hi);
    const p = b > a ? (b - a) * pad : 0.1;
    return [10 ** (a - p), 10 ** (b + p)];
  }
  if (hi === lo) return [lo - (Math.abs(lo) * 0.1 || 0.5), hi + (Math.abs(hi) * 0.1 || 0.5)];
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}
