import { describe, expect, it } from 'vitest';
import { heritabilityEstimate } from '../../src/engine/evolve/lineage/heritabilityTest';
import { seededStream } from '../../src/engine/random/streams';

// The estimator on synthetic populations whose answer is known: a child that copies
// its parent's trait exactly (h = 1, p at its floor), one whose trait ignores the
// parent (h ≈ 0, p not small), and a known slope with noise (the interval covers it).

const parents = (n: number, seed: string) => {
  const rng = seededStream(seed);
  return Array.from({ length: n }, () => 0.1 + 0.8 * rng.next());
};

describe('heritabilityEstimate', () => {
  it('a perfectly heritable trait: slope 1, a degenerate interval at 1, p = 1/(1 + resamples)', () => {
    const pairs = parents(32, 'h/perfect').map((a) => ({ parent: a, child: a }));
    const h = heritabilityEstimate(pairs, seededStream('h/perfect/rng'), 199)!;
    expect(h.slope).toBeCloseTo(1, 12);
    expect(h.low).toBeCloseTo(1, 10);
    expect(h.high).toBeCloseTo(1, 10);
    expect(h.p).toBeCloseTo(1 / 200, 12);
    expect(h.pairs).toBe(32);
  });

  it('an unheritable trait: the interval covers 0 and the permutation p is not small', () => {
    const rng = seededStream('h/none');
    const pairs = parents(32, 'h/none/p').map((a) => ({ parent: a, child: rng.next() }));
    const h = heritabilityEstimate(pairs, seededStream('h/none/rng'), 499)!;
    expect(h.low).toBeLessThan(0);
    expect(h.high).toBeGreaterThan(0);
    expect(h.p).toBeGreaterThan(0.05);
  });

  it('a slope of 0.5 with noise: estimated near it, covered by the interval, significant', () => {
    const rng = seededStream('h/half');
    const pairs = parents(200, 'h/half/p').map((a) => ({ parent: a, child: 0.5 * a + 0.05 * rng.normal() }));
    const h = heritabilityEstimate(pairs, seededStream('h/half/rng'), 499)!;
    expect(h.slope).toBeGreaterThan(0.4);
    expect(h.slope).toBeLessThan(0.6);
    expect(h.low).toBeLessThan(0.5);
    expect(h.high).toBeGreaterThan(0.5);
    expect(h.high - h.low).toBeLessThan(0.2);
    expect(h.p).toBeLessThan(0.01);
  });

  it('null without a slope; the same stream gives the same numbers', () => {
    expect(heritabilityEstimate([{ parent: 0.5, child: 0.1 }, { parent: 0.5, child: 0.2 }, { parent: 0.5, child: 0.3 }], seededStream('x'))).toBeNull();
    const pairs = parents(20, 'h/repeat').map((a, i) => ({ parent: a, child: a * (i % 3) }));
    expect(heritabilityEstimate(pairs, seededStream('same'), 99)).toEqual(heritabilityEstimate(pairs, seededStream('same'), 99));
  });
});
