import { describe, expect, it } from 'vitest';
import type { IndividualRow } from '../../src/protocol/messages';
import { COLOUR_BY, colourMetric, percentileDomain } from '../../renderer/src/lineage/colourBy';

const row = (extra: Partial<IndividualRow>): IndividualRow => ({ id: 0, parent: null, born: 3, died: null, accuracy: null, lsr: null, srq: null, corr: null, meanAbsTheta: null, r2: null, rmsTheta: null, bits: null, innateAccuracy: null, transmissionR2: null, sigma: 0.01, ...extra });

describe('percentileDomain', () => {
  it('ignores one outlier in a hundred that min..max would stretch the scale to', () => {
    // 0..98 and one value of 10⁶: the 5th percentile (nearest rank) is 5, the 95th is 94.
    const values = [...Array.from({ length: 99 }, (_, i) => i), 1e6];
    expect(percentileDomain(values)).toEqual([5, 94]);
  });

  it('skips NaN and ±Infinity, widens a uniform population round its value, and falls back to [0, 1] with nothing finite', () => {
    expect(percentileDomain([Number.NaN, 2, Infinity, 2, -Infinity], undefined, 0.5)).toEqual([1.75, 2.25]);
    expect(percentileDomain([Number.NaN, Number.NaN])).toEqual([0, 1]);
    expect(percentileDomain([])).toEqual([0, 1]);
  });

  it('reads only the first n values (the layout arrays have spare capacity)', () => {
    expect(percentileDomain([1, 2, 3, 100, 100], 3)).toEqual([1, 3]);
  });
});

describe('colour-by metrics', () => {
  it('turns rows into the values named by their labels, NaN where unmeasured or undefined', () => {
    expect(colourMetric('fidelity').value(row({ lsr: 0.01 }))).toBeCloseTo(2, 12);
    expect(colourMetric('fidelity').value(row({ lsr: 0 }))).toBeNaN();
    expect(colourMetric('rmsTheta').value(row({ rmsTheta: 1e-3 }))).toBeCloseTo(-3, 12);
    expect(colourMetric('r2').value(row({}))).toBeNaN();
    // Clipped at −1 like the chart; above −1 untouched.
    expect(colourMetric('r2').value(row({ r2: -2e14 }))).toBe(-1);
    expect(colourMetric('r2').value(row({ r2: 0.37 }))).toBe(0.37);
    expect(colourMetric('born').value(row({}))).toBe(3);
    expect(colourMetric('sigma').value(row({}))).toBe(0.01);
    expect(COLOUR_BY.map((c) => c.key)).toContain('r2');
    expect(new Set(COLOUR_BY.map((c) => c.key)).size).toBe(COLOUR_BY.length);
  });
});
