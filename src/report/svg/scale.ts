// Axis scales shared by the charts: a data interval mapped onto a pixel interval,
// with tick values a reader can take in at a glance (1, 2 or 5 times a power of ten
// on linear axes; whole decades on log axes).

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

// Tick steps are m·10^e with m ∈ {1, 2, 5}. Keeping m and e separate lets tick values be
// computed as (k·m)/10^-e, which rounds to the decimal a reader expects (0.3, not
// 0.30000000000000004).
interface TickStep {
  mantissa: 1 | 2 | 5;
  exponent: number;
}

function stepValue(step: TickStep, multiple: number): number {
  return step.exponent >= 0
    ? multiple * step.mantissa * 10 ** step.exponent
    : (multiple * step.mantissa) / 10 ** -step.exponent;
}

function niceStep(span: number, count: number): TickStep {
  const raw = span / count;
  let exponent = Math.floor(Math.log10(raw));
  const normalised = raw / 10 ** exponent;
  // Thresholds at the geometric means between 1, 2, 5 and 10 (as d3 does) so the
  // tick count lands as close as possible to the count asked for.
  let mantissa: 1 | 2 | 5;
  if (normalised < Math.SQRT2) mantissa = 1;
  else if (normalised < Math.sqrt(10)) mantissa = 2;
  else if (normalised < Math.sqrt(50)) mantissa = 5;
  else {
    mantissa = 1;
    exponent += 1;
  }
  return { mantissa, exponent };
}

function checkInterval(operation: string, min: number, max: number): void {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(`${operation}: expected finite min and max, got min=${min}, max=${max}`);
  }
  if (min > max) {
    throw new RangeError(`${operation}: expected min ≤ max, got min=${min}, max=${max}`);
  }
}

// A single value has no span to divide; widen it so it sits inside a labelled axis.
function widenDegenerate(min: number, max: number): [number, number] {
  if (min !== max) return [min, max];
  if (min === 0) return [0, 1];
  const pad = Math.abs(min) * 0.1;
  return [min - pad, max + pad];
}

function niceTicksWithStep(min: number, max: number, count: number): { ticks: number[]; step: TickStep } {
  checkInterval('niceTicks', min, max);
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`niceTicks: expected count to be an integer ≥ 1, got ${count}`);
  }
  const [lo, hi] = widenDegenerate(min, max);
  // Divide before subtracting so spans near ±Number.MAX_VALUE do not overflow.
  const step = niceStep(hi / count - lo / count, 1);
  const unit = stepValue(step, 1);
  let first = Math.round(lo / unit);
  if (stepValue(step, first) > lo) first -= 1;
  let last = Math.round(hi / unit);
  if (stepValue(step, last) < hi) last += 1;
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) {
    const value = stepValue(step, k);
    ticks.push(Object.is(value, -0) ? 0 : value);
  }
  return { ticks, step };
}

/**
 * Round tick values covering [min, max]: the first tick is ≤ min, the last ≥ max, and
 * they are evenly spaced by 1, 2 or 5 times a power of ten, about `count` intervals apart.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  return niceTicksWithStep(min, max, count).ticks;
}

/** 10^k parsed from its decimal spelling, so 1e-3 is the double nearest 0.001. */
function decade(k: number): number {
  return Number(`1e${k}`);
}

/**
 * Decade exponents [lo, hi] with 10^lo ≤ min and 10^hi ≥ max, widened to at least one
 * decade, and a stride in decades so no more than about `maxTicks` ticks are labelled.
 */
function decadeRange(min: number, max: number, maxTicks: number): { lo: number; hi: number; stride: number } {
  checkInterval('logTicks', min, max);
  if (min <= 0) {
    throw new RangeError(`logTicks: expected min > 0 for a log axis, got min=${min}`);
  }
  let lo = Math.round(Math.log10(min));
  if (decade(lo) > min) lo -= 1;
  let hi = Math.round(Math.log10(max));
  if (decade(hi) < max) hi += 1;
  if (hi === lo) hi += 1;
  const stride = Math.max(1, Math.ceil((hi - lo) / Math.max(1, maxTicks - 1)));
  // Labelled decades are multiples of the stride (…, 10⁻³, 10⁰, 10³, …) so 1 is among them.
  lo = Math.floor(lo / stride) * stride;
  hi = Math.ceil(hi / stride) * stride;
  return { lo, hi, stride };
}

/** Powers of ten covering [min, max] (min > 0): 10^lo ≤ min … 10^hi ≥ max. */
export function logTicks(min: number, max: number, maxTicks = 8): number[] {
  const { lo, hi, stride } = decadeRange(min, max, maxTicks);
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k += stride) ticks.push(decade(k));
  return ticks;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
};

/** "10⁻³" for 0.001: one label style for every decade, as in most published log plots. */
export function formatPowerOfTen(value: number): string {
  const exponent = Math.round(Math.log10(value));
  return `10${[...String(exponent)].map((c) => SUPERSCRIPT[c]).join('')}`;
}

function linearTickFormatter(ticks: readonly number[], step: TickStep): (value: number) => string {
  const largest = Math.max(...ticks.map((t) => Math.abs(t)));
  // Very large or very small values read better as 2.5e6 than as a row of zeros.
  if (largest >= 1e6 || step.exponent < -4) {
    const digits = Math.max(0, Math.floor(Math.log10(largest || 1)) - step.exponent);
    return (value) => (value === 0 ? '0' : value.toExponential(Math.min(digits, 20)).replace(/\.?0+e/, 'e').replace('e+', 'e'));
  }
  const decimals = Math.max(0, -step.exponent);
  return (value) => {
    const text = value.toFixed(decimals);
    return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
  };
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
  const ticks = options.tight ? allTicks.filter((t) => t >= lo && t <= hi) : allTicks;
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
    format: linearTickFormatter(ticks.length > 0 ? ticks : [lo, hi], step),
  };
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
  for (let k = lo; k <= hi; k += stride) ticks.push(decade(k));
  // Minor ticks at 2..9 × each decade when every decade is labelled; with a stride those
  // would crowd, so the unlabelled decades get the minor ticks instead.
  for (let k = lo; k < hi; k++) {
    if (stride === 1) for (let m = 2; m <= 9; m++) minorTicks.push(m * decade(k));
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
    format: formatPowerOfTen,
  };
}
