// Axis ticks a reader can take in at a glance: 1, 2 or 5 times a power of ten on linear
// axes, whole decades on log axes. One implementation for the SVG report and the
// browser renderer.

// Tick steps are m·10^e with m ∈ {1, 2, 5}. Keeping m and e separate lets tick values be
// computed as (k·m)/10^-e, which rounds to the decimal a reader expects (0.3, not
// 0.30000000000000004).
export interface TickStep {
  readonly mantissa: 1 | 2 | 5;
  readonly exponent: number;
}

/** k times the step, as the double nearest the decimal k·m·10^e. */
export function stepValue(step: TickStep, multiple: number): number {
  const value =
    step.exponent >= 0 ? multiple * step.mantissa * 10 ** step.exponent : (multiple * step.mantissa) / 10 ** -step.exponent;
  return Object.is(value, -0) ? 0 : value;
}

/**
 * The 1, 2 or 5 × 10ᵏ step nearest to `raw` on a log scale: thresholds at the geometric
 * means √2, √10 and √50 (as d3 does), so the tick count lands as close as possible to
 * the count asked for rather than always falling short of it.
 */
export function niceTickStep(raw: number): TickStep {
  if (!(raw > 0) || !Number.isFinite(raw)) throw new RangeError(`niceStep: expected a step > 0, got ${raw}`);
  let exponent = Math.floor(Math.log10(raw));
  const normalised = raw / 10 ** exponent;
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

/** The nice step nearest `raw`, as a number (0.7 → 0.5, 7.2 → 10). */
export function niceStep(raw: number): number {
  return stepValue(niceTickStep(raw), 1);
}

function checkInterval(operation: string, min: number, max: number): void {
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(`${operation}: expected finite min and max, got min=${min}, max=${max}`);
  }
  if (min > max) {
    throw new RangeError(`${operation}: expected min ≤ max, got min=${min}, max=${max}`);
  }
}

/**
 * A single value has no span to divide; widen it so it sits inside a labelled axis.
 * So is a span within float noise of the values (0.09 and 0.09000000000000001, the
 * mean of three equal accuracies): its ticks were numbered beyond 2^53, where k++ no
 * longer moves, and the tick loop never ended (issue 11, a diverged population's figures).
 */
export function widenDegenerate(min: number, max: number): [number, number] {
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  if (max - min > magnitude * 1e-9) return [min, max];
  if (magnitude === 0) return [0, 1];
  const centre = min / 2 + max / 2;
  const pad = Math.abs(centre) * 0.1;
  return [centre - pad, centre + pad];
}

/** niceTicks together with the step they were built from (label precision follows the step). */
export function niceTicksWithStep(min: number, max: number, count = 5): { ticks: number[]; step: TickStep } {
  checkInterval('niceTicks', min, max);
  if (!Number.isInteger(count) || count < 1) {
    throw new RangeError(`niceTicks: expected count to be an integer ≥ 1, got ${count}`);
  }
  const [lo, hi] = widenDegenerate(min, max);
  // Divide before subtracting so spans near ±Number.MAX_VALUE do not overflow.
  const step = niceTickStep(hi / count - lo / count);
  const unit = stepValue(step, 1);
  let first = Math.round(lo / unit);
  if (stepValue(step, first) > lo) first -= 1;
  let last = Math.round(hi / unit);
  if (stepValue(step, last) < hi) last += 1;
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(stepValue(step, k));
  return { ticks, step };
}

/**
 * Round tick values covering [min, max]: the first tick is ≤ min, the last ≥ max, and
 * they are evenly spaced by 1, 2 or 5 times a power of ten, about `count` intervals apart.
 * Use them as the axis extent so it starts and ends on a label.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  return niceTicksWithStep(min, max, count).ticks;
}

/**
 * The nice ticks that fall inside [min, max] (within float noise), for an axis whose
 * extent is fixed by the data. A single value is its own tick; a non-finite interval
 * has none, and a reversed one is read the right way round.
 */
export function linearTicks(min: number, max: number, count = 5): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return [];
  if (max < min) [min, max] = [max, min];
  if (min === max) return [min];
  const { ticks, step } = niceTicksWithStep(min, max, Math.max(1, Math.round(count)));
  const slack = stepValue(step, 1) * 1e-9;
  return ticks.filter((t) => t >= min - slack && t <= max + slack);
}

/** 10^k parsed from its decimal spelling, so 1e-3 is the double nearest 0.001. */
export function decade(k: number): number {
  return Number(`1e${k}`);
}

/**
 * Decade exponents [lo, hi] with 10^lo ≤ min and 10^hi ≥ max, widened to at least one
 * decade, and a stride in decades so no more than about `maxTicks` ticks are labelled.
 */
export function decadeRange(min: number, max: number, maxTicks = 8): { lo: number; hi: number; stride: number } {
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

/**
 * One label style for a whole axis: fixed decimals as many as the step needs (so
 * 0.9285 and 0.9290 stay apart and line up), or exponent form for every label when the
 * values are very large or the step very small (2.5e6 reads better than a row of zeros).
 */
export function tickFormatter(ticks: readonly number[], step: TickStep): (value: number) => string {
  const largest = ticks.reduce((m, t) => Math.max(m, Math.abs(t)), 0);
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

/**
 * A short label for one number. With the tick `step`, the axis style of tickFormatter;
 * without, 3 significant digits, in exponent form below 10⁻³ or from 10⁵ up (for
 * values shown alone, such as the ends of a colour bar).
 */
export function formatTick(value: number, step?: number): string {
  if (step !== undefined && step > 0 && Number.isFinite(step)) {
    return tickFormatter([value], { mantissa: 1, exponent: Math.floor(Math.log10(step) + 1e-9) })(value);
  }
  if (value === 0) return '0';
  const a = Math.abs(value);
  if (a >= 1e5 || a < 1e-3) {
    const [m, e] = value.toExponential(0).split('e');
    return `${Number(m)}e${Number(e)}`;
  }
  return String(Number(value.toPrecision(3)));
}
