import { describe, expect, it } from 'vitest';
import { formatTick, linearTicks, niceStep } from '../../src/shared/ticks';
import { paretoFront } from '../../src/shared/paretoFront';
import { formatMetric } from '../../renderer/src/inspect/formatMetric';

describe('axis ticks', () => {
  it('picks the 1-2-5 step nearest on a log scale (thresholds √2, √10, √50)', () => {
    expect([0.7, 1, 1.5, 3, 7, 7.2, 0.013].map(niceStep)).toEqual([0.5, 1, 2, 2, 5, 10, 0.01]);
    expect(() => niceStep(0)).toThrow(/niceStep: expected a step > 0, got 0/);
  });

  it('covers the range with multiples of the step, without float drift', () => {
    expect(linearTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0.13, 0.71, 4)).toEqual([0.2, 0.4, 0.6]);
    expect(linearTicks(3, 3)).toEqual([3]);
    expect(linearTicks(0, 57, 5)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  // logTicks is src/shared/ticks's, tested with the report's axes in test/report/scale.test.ts.

  it('formats labels compactly', () => {
    expect([0, 0.25, 1234, 1e6, 2e-5, 0.1 + 0.2].map((v) => formatTick(v))).toEqual(['0', '0.25', '1230', '1e6', '2e-5', '0.3']);
    // With the step, neighbours on a narrow axis stay distinct.
    expect([0.9285, 0.929, 0.9295].map((v) => formatTick(v, 0.0005))).toEqual(['0.9285', '0.9290', '0.9295']);
    expect(formatTick(20, 10)).toBe('20');
  });
});

describe('paretoFront (accuracy ↑, L_SR ↓)', () => {
  it('keeps exactly the non-dominated points, ordered by accuracy descending', () => {
    const accuracy = [0.9, 0.8, 0.7, 0.85, 0.6, 0.9];
    const lsr = [10, 5, 1, 6, 2, 12];
    // Brute force: i is dominated when some j is at least as good on both and better on one.
    const expected = accuracy.map((_, i) => i).filter((i) => !accuracy.some((_, j) =>
      accuracy[j] >= accuracy[i] && lsr[j] <= lsr[i] && (accuracy[j] > accuracy[i] || lsr[j] < lsr[i])));
    const front = paretoFront(accuracy, lsr);
    expect([...front].sort()).toEqual(expected.sort());
    expect(front).toEqual([0, 3, 1, 2]);
  });

  it('ignores non-finite points and rejects mismatched lengths', () => {
    expect(paretoFront([0.5, Number.NaN], [1, 0.1])).toEqual([0]);
    expect(() => paretoFront([1], [])).toThrow(/paretoFront: expected equal lengths, got 1 accuracies and 0 L_SR values/);
  });
});

describe('formatMetric', () => {
  it('shows 4 significant digits, exponents at the extremes, a dash when unmeasured', () => {
    expect([0.123456, 95.3322, 2.5e-7, 123456, 0, null, Number.NaN, Infinity].map(formatMetric)).toEqual(['0.1235', '95.33', '2.5e-7', '1.235e5', '0', '—', '—', '∞']);
  });
});
