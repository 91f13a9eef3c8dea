import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { linearScale, logScale } from '../../src/shared/scale';
import { formatPowerOfTen, logTicks, niceTicks } from '../../src/shared/ticks';

// A tick is "nice" when its step is 1, 2 or 5 times a power of ten and each tick is a
// short decimal (no 0.30000000000000004).
function expectNiceTicks(ticks: number[], min: number, max: number): void {
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  expect(ticks[0]).toBeLessThanOrEqual(min);
  expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
  const step = ticks[1] - ticks[0];
  const exponent = Math.floor(Math.log10(step) + 1e-9);
  const mantissa = Math.round(step / 10 ** exponent);
  expect([1, 2, 5, 10]).toContain(mantissa);
  for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBeCloseTo(step, 9);
  for (const t of ticks) {
    // Each tick is an integer multiple of the step, written with few significant digits.
    expect(Math.abs(t / step - Math.round(t / step))).toBeLessThan(1e-9);
    expect(Number(t.toPrecision(12))).toBe(t);
  }
}

describe('niceTicks', () => {
  it('gives round decimals for a typical loss range', () => {
    expect(niceTicks(0.3, 0.9, 5)).toEqual([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    expect(niceTicks(32.1, 90.16, 5)).toEqual([30, 40, 50, 60, 70, 80, 90, 100]);
    expect(niceTicks(0, 30, 6)).toEqual([0, 5, 10, 15, 20, 25, 30]);
    expect(niceTicks(-0.37, 0.81, 4)).toEqual([-0.4, -0.2, 0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('covers random ranges with 1-2-5 steps', () => {
    const random = seedrandom('nice-ticks');
    for (let trial = 0; trial < 300; trial++) {
      const scale = 10 ** Math.floor(random() * 16 - 8);
      const a = (random() - 0.5) * scale * 20;
      const b = a + random() * scale * 10;
      const count = 2 + Math.floor(random() * 8);
      const ticks = niceTicks(a, b, count);
      expectNiceTicks(ticks, a, b);
      // About `count` intervals: never more than 2.5× as many as asked for.
      expect(ticks.length - 1).toBeLessThanOrEqual(Math.ceil(count * 2.5) + 1);
    }
  });

  it('widens a single value into a labelled interval', () => {
    const ticks = niceTicks(5, 5, 5);
    expect(ticks[0]).toBeLessThan(5);
    expect(ticks[ticks.length - 1]).toBeGreaterThan(5);
    expect(niceTicks(0, 0, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('names the argument when the range is not usable', () => {
    expect(() => niceTicks(NaN, 1)).toThrow(/niceTicks: expected finite min and max, got min=NaN/);
    expect(() => niceTicks(2, 1)).toThrow(/niceTicks: expected min ≤ max, got min=2, max=1/);
    expect(() => niceTicks(0, 1, 0)).toThrow(/niceTicks: expected count to be an integer ≥ 1, got 0/);
  });
});

describe('logTicks', () => {
  it('gives the decades covering the range', () => {
    expect(logTicks(0.86, 90.16)).toEqual([0.1, 1, 10, 100]);
    expect(logTicks(1, 1000)).toEqual([1, 10, 100, 1000]);
    expect(logTicks(5, 5)).toEqual([1, 10]);
  });

  it('only ever labels powers of ten, covering random ranges', () => {
    const random = seedrandom('log-ticks');
    for (let trial = 0; trial < 200; trial++) {
      const lo = 10 ** (random() * 40 - 20);
      const hi = lo * 10 ** (random() * 30);
      const ticks = logTicks(lo, hi, 8);
      expect(ticks[0]).toBeLessThanOrEqual(lo);
      expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(hi);
      expect(ticks.length).toBeLessThanOrEqual(9);
      for (const t of ticks) {
        const k = Math.round(Math.log10(t));
        expect(t).toBe(Number(`1e${k}`));
      }
    }
  });

  it('rejects a non-positive minimum', () => {
    expect(() => logTicks(0, 10)).toThrow(/logTicks: expected min > 0 for a log axis, got min=0/);
  });
});

describe('linearScale and logScale', () => {
  it('maps the domain ends onto the pixel range', () => {
    const x = linearScale(3, 27, [50, 550]);
    expect(x.domain).toEqual([0, 30]);
    expect(x.map(0)).toBe(50);
    expect(x.map(30)).toBe(550);
    expect(x.map(15)).toBe(300);
    expect(x.format(2.5)).toBe('3');
  });

  it('keeps the data extent when tight and labels only ticks inside it', () => {
    const x = linearScale(0, 79, [0, 790], { tight: true, tickCount: 8 });
    expect(x.domain).toEqual([0, 79]);
    expect(x.ticks).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
  });

  it('keeps exploding values finite so segments can be clipped', () => {
    const y = linearScale(0, 100, [400, 40]);
    expect(Number.isFinite(y.map(1e308))).toBe(true);
    expect(y.map(1e308)).toBeLessThan(40);
    expect(Number.isFinite(y.map(-1e308))).toBe(true);
  });

  it('places decades evenly on a log axis and labels them as powers of ten', () => {
    const y = logScale(0.5, 80, [300, 0]);
    expect(y.ticks).toEqual([0.1, 1, 10, 100]);
    expect(y.map(0.1)).toBeCloseTo(300, 9);
    expect(y.map(1)).toBeCloseTo(200, 9);
    expect(y.map(100)).toBeCloseTo(0, 9);
    expect(y.minorTicks).toContain(20);
    expect(y.isPlottable(0)).toBe(false);
    expect(y.isPlottable(-1)).toBe(false);
    expect(y.format(0.001)).toBe('10⁻³');
    expect(formatPowerOfTen(1e12)).toBe('10¹²');
  });

  // A loss curve between 60 and 95 would otherwise show only 10¹ and 10².
  it('labels 2× and 5× on a log axis of a single decade', () => {
    const y = logScale(60, 95, [300, 0]);
    expect(y.ticks).toEqual([10, 20, 50, 100]);
    expect(y.ticks.map((t) => y.format(t))).toEqual(['10¹', '2×10¹', '5×10¹', '10²']);
    expect(y.minorTicks).toEqual([30, 40, 60, 70, 80, 90]);
    expect(y.map(50)).toBeCloseTo(300 * (1 - Math.log10(5)), 9);
    expect(logScale(0.5, 80, [300, 0]).ticks).toEqual([0.1, 1, 10, 100]);
  });

  it('labels every few decades on a wide log axis, at multiples of the stride', () => {
    const y = logScale(1e-13, 100, [300, 0], { maxTicks: 7 });
    const exponents = y.ticks.map((t) => Math.round(Math.log10(t)));
    expect(exponents).toContain(0);
    const stride = exponents[1] - exponents[0];
    expect(stride).toBeGreaterThan(1);
    for (const k of exponents) expect(Math.abs(k % stride)).toBe(0);
    expect(y.ticks[0]).toBeLessThanOrEqual(1e-13);
    expect(y.ticks[y.ticks.length - 1]).toBeGreaterThanOrEqual(100);
  });
});
