import { describe, expect, it } from 'vitest';
import { isDiverged, replicationMetrics } from '../../src/engine/metrics/replicationMetrics';

// SPEC "Losses and metrics": L_SR is a SUM over coordinates; the paper's margin is
// √(L_SR/N); SRQ = ln(N/L_SR); corr is Pearson's over (f, θ).

const f32 = (xs: number[]) => Float32Array.from(xs);

/** N = 20,100 predictions, all off by the same amount, so that L_SR is exactly `lsr` (up to float32). */
function withLoss(lsr: number, n = 20_100): { f: Float32Array; theta: Float32Array } {
  const d = Math.sqrt(lsr / n);
  return { f: new Float32Array(n).fill(d), theta: new Float32Array(n) };
}

describe('replicationMetrics', () => {
  // f = [1, 2, 3], θ = [1, 3, 2] by hand: differences 0, −1, 1 → L_SR 2, mean |Δ| 2/3;
  // means 2 and 2, cov = 1, var = 2 and 2 → corr 0.5; mean |θ| = 2.
  it('computes every metric of a hand-worked example', () => {
    const m = replicationMetrics(f32([1, 2, 3]), f32([1, 3, 2]));
    expect(m.lsr).toBe(2);
    expect(m.rmsMargin).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(m.meanAbsMargin).toBeCloseTo(2 / 3, 12);
    expect(m.srq).toBeCloseTo(Math.log(3 / 2), 12);
    expect(m.corr).toBeCloseTo(0.5, 12);
    expect(m.meanAbsTheta).toBe(2);
  });

  // L_SR sums (not averages): four weights each off by 0.5 give 1, not 0.25.
  it('L_SR is a sum over coordinates', () => {
    expect(replicationMetrics(f32([0.5, -0.5, 1.5, 0]), f32([0, 0, 1, 0.5])).lsr).toBe(1);
  });

  // corr is scale- and shift-invariant and signed; a constant f has no correlation (0, not NaN).
  it('corr is ±1 for affine relations and 0 for a constant prediction', () => {
    const theta = f32([0.1, -0.3, 0.25, 0.7, -0.05]);
    expect(replicationMetrics(theta.map((x) => 2 * x + 1), theta).corr).toBeCloseTo(1, 6);
    expect(replicationMetrics(theta.map((x) => -0.5 * x), theta).corr).toBeCloseTo(-1, 6);
    expect(replicationMetrics(new Float32Array(5).fill(0.3), theta).corr).toBe(0);
    // The zero quine: f ≡ 0 replicates θ ≡ 0 perfectly but is trivial.
    const zero = replicationMetrics(new Float32Array(5), new Float32Array(5));
    expect(zero.lsr).toBe(0);
    expect(zero.corr).toBe(0);
    expect(zero.meanAbsTheta).toBe(0);
  });

  // The paper's numbers (SPEC): SRQ 6.44 at L = 32.10 and 10.06 at L = 0.86 with
  // N = 20,100; the margin 0.067 at L = 90.16.
  it('reproduces the paper\'s SRQ and margin at N = 20,100', () => {
    const a = replicationMetrics(withLoss(32.1).f, withLoss(32.1).theta);
    expect(a.lsr).toBeCloseTo(32.1, 3);
    expect(a.srq.toFixed(2)).toBe('6.44');
    const b = replicationMetrics(withLoss(0.86).f, withLoss(0.86).theta);
    expect(b.srq.toFixed(2)).toBe('10.06');
    const c = replicationMetrics(withLoss(90.16).f, withLoss(90.16).theta);
    expect(c.rmsMargin.toFixed(3)).toBe('0.067');
    expect(c.rmsMargin).toBeCloseTo(Math.sqrt(c.lsr / 20_100), 12);
  });

  it('refuses predictions and weights of different lengths, naming both', () => {
    expect(() => replicationMetrics(new Float32Array(3), new Float32Array(4))).toThrow(/replicationMetrics: 3 predictions for 4 weights/);
  });
});

describe('isDiverged', () => {
  // SPEC: NaN/Inf, or a loss above 1e6, ends a run as diverged.
  it('flags NaN, ±Infinity and losses above 1e6, and nothing else', () => {
    for (const x of [NaN, Infinity, -Infinity, 1e6 + 1, 1e7, Number.MAX_VALUE]) expect(isDiverged(x), String(x)).toBe(true);
    for (const x of [0, 0.86, 94.3, 4600, 999_999, 1e6]) expect(isDiverged(x), String(x)).toBe(false);
  });
});
