import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { LaneSet } from '../../src/engine/lanes/laneSet';
import { evaluateLanes } from '../../src/engine/metrics/evaluateLanes';
import { metricBlocks, replicationMetrics, verdictOf } from '../../src/engine/metrics/replicationMetrics';
import { paramLayout } from '../../src/engine/models/layout';
import { defaultSpec } from '../../src/engine/models/modelSpec';
import { seededStream } from '../../src/engine/random/streams';
import { seededLanes } from './seededLanes';

// SPEC "Beyond the paper": r2 = 1 − L_SR/Σ(θ − mean θ)², srqFree = ln(Σ(θ − mean θ)²/L_SR),
// bits = max(0, (N/2)·log2(Σ(θ − mean θ)²/L_SR)), gain κ = ⟨f, θ⟩/⟨θ, θ⟩, rmsTheta = √(Σθ²/N).

const f32 = (xs: number[]) => Float32Array.from(xs);

function gaussian(n: number, scale: number, name: string): Float32Array {
  const r = seededStream(`test/${name}`);
  return Float32Array.from({ length: n }, () => scale * Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next()));
}

describe('scale-free replication metrics', () => {
  // θ = [1, 3, 2, 6], f = [1, 2, 3, 6]: mean θ 3, Σ(θ − 3)² = 4+0+1+9 = 14, L_SR = 2;
  // ⟨f, θ⟩ = 1+6+6+36 = 49, ⟨θ, θ⟩ = 1+9+4+36 = 50.
  it('computes r2, srqFree, bits, gain and rmsTheta of a hand-worked example', () => {
    const m = replicationMetrics(f32([1, 2, 3, 6]), f32([1, 3, 2, 6]));
    expect(m.r2).toBeCloseTo(1 - 2 / 14, 12);
    expect(m.srqFree).toBeCloseTo(Math.log(7), 12);
    expect(m.bits).toBeCloseTo(2 * Math.log2(7), 12);
    expect(m.gain).toBeCloseTo(49 / 50, 12);
    expect(m.rmsTheta).toBeCloseTo(Math.sqrt(50 / 4), 12);
    // No layout given: no per-block r2.
    expect(m.r2W1).toBeNaN();
  });

  // The zero predictor scores whatever L_SR Σθ² says, and r2 = 0 for a zero-mean θ at any scale.
  it('gives r2 = 0 and no bits to a predictor of 0, whatever its L_SR', () => {
    const theta = f32([0.5, -0.5, 2, -2]);
    for (const s of [1e-4, 1, 300]) {
      const m = replicationMetrics(new Float32Array(4), theta.map((x) => s * x));
      expect(m.lsr).toBeCloseTo(8.5 * s * s, 6 - Math.log10(s * s));
      expect(m.r2).toBe(0);
      expect(m.bits).toBe(0);
      expect(m.gain).toBe(0);
    }
    // The zero quine itself: nothing to replicate, r2 0 (not NaN).
    const zero = replicationMetrics(new Float32Array(5), new Float32Array(5));
    expect([zero.r2, zero.bits, zero.gain, zero.rmsTheta]).toEqual([0, 0, 0, 0]);
  });

  // A population without elites diverged to θ = ±∞ and was reported with r2 0 and corr 0
  // (NaN > 0 is false): a diverged network has no r2, and must not read as the zero quine.
  it('gives a diverged θ (∞ or NaN) NaN r2, corr, bits, srqFree and gain, never 0', () => {
    for (const bad of [Infinity, NaN]) {
      const theta = f32([0.5, bad, 2, -2]);
      const m = replicationMetrics(f32([0.1, 0.2, 0.3, 0.4]), theta);
      for (const [k, v] of Object.entries({ r2: m.r2, corr: m.corr, bits: m.bits, srqFree: m.srqFree, gain: m.gain })) expect(v, `${k} for θ with ${bad}`).toBeNaN();
      expect(verdictOf(m.r2, m.rmsTheta, 0.1)).not.toBe('genuine');
    }
  });

  // Rescaling f and θ together (exact homogeneity of the replication relation) changes L_SR by s²
  // and leaves every scale-free metric where it was; the paper's SRQ moves by −2 ln s.
  it('keeps r2, srqFree, bits and gain under a common rescaling, unlike L_SR and SRQ', () => {
    const theta = gaussian(20_100, 0.1, 'theta');
    const noise = gaussian(20_100, 0.01, 'noise');
    const f = theta.map((x, i) => 0.97 * x + noise[i]);
    const a = replicationMetrics(f, theta);
    expect(a.r2).toBeGreaterThan(0.98);
    for (const s of [0.01, 4]) {
      const b = replicationMetrics(f.map((x) => s * x), theta.map((x) => s * x));
      expect(b.lsr / a.lsr).toBeCloseTo(s * s, 3);
      expect(b.srq - a.srq).toBeCloseTo(-2 * Math.log(s), 4);
      expect(b.r2).toBeCloseTo(a.r2, 5);
      expect(b.srqFree).toBeCloseTo(a.srqFree, 4);
      expect(b.bits / a.bits).toBeCloseTo(1, 4);
      expect(b.gain).toBeCloseTo(a.gain, 5);
      expect(b.rmsTheta / a.rmsTheta).toBeCloseTo(s, 5);
    }
  });

  it('computes each block\'s r2 about its own mean (synthetic layout)', () => {
    // Block W1 = coordinates 0..3 replicated exactly; W2 = 4..7 predicted as 0.
    const theta = f32([1, 2, 3, 4, -1, 1, -2, 2]);
    const f = f32([1, 2, 3, 4, 0, 0, 0, 0]);
    const m = replicationMetrics(f, theta, [{ name: 'W1', offset: 0, size: 4 }, { name: 'W2', offset: 4, size: 4 }]);
    expect(m.r2W1).toBe(1);
    expect(m.r2W2).toBe(0);
    expect(m.r2Wout).toBeNaN();
    expect(m.r2Wcls).toBeUndefined();
  });

  it('judges genuine, partial and trivial by SPEC\'s rule', () => {
    expect(verdictOf(0.995, 0.06, 0.1)).toBe('genuine');
    expect(verdictOf(0.995, 0.04, 0.1)).toBe('partial'); // replicates, but θ shrank below half
    expect(verdictOf(0.5, 0.1, 0.1)).toBe('partial');
    expect(verdictOf(0.05, 0.1, 0.1)).toBe('trivial');
    expect(verdictOf(-3, 0.1, 0.1)).toBe('trivial');
    expect(verdictOf(NaN, 0.1, 0.1)).toBe('trivial');
  });
});

describe('scale-free metrics of a real network', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  // Without biases, Wout = 0 makes the vanilla quine output 0 at every coordinate: its
  // L_SR is Σθ² and shrinks with θ, while r2 stays at −N·mean(θ)²/Σ(θ − mean θ)² ≈ 0.
  it('a network that outputs 0 has r2 ≈ 0 at every scale of θ', () => {
    const layout = paramLayout('vanilla');
    const wout = layout.blocks.find((b) => b.name === 'Wout')!;
    const { lanes, inputs, thetas } = seededLanes({ ...defaultSpec('vanilla'), init: 'he' }, [3]);
    lanes.dispose();
    const lsrs: number[] = [];
    try {
      for (const s of [1, 0.01]) {
        const theta = thetas[0].map((x) => s * x);
        theta.fill(0, wout.offset, wout.offset + wout.shape[0] * wout.shape[1]);
        const set = new LaneSet(inputs, [theta]);
        const [e] = evaluateLanes(set, false);
        set.dispose();
        expect(Math.max(...e.predictions.map(Math.abs))).toBe(0);
        let ss = 0, mean = 0;
        for (const x of theta) mean += x / theta.length;
        for (const x of theta) ss += (x - mean) ** 2;
        expect(e.metrics.r2).toBeCloseTo(-theta.length * mean * mean / ss, 9);
        expect(Math.abs(e.metrics.r2)).toBeLessThan(1e-3);
        expect(e.metrics.r2Wout).toBe(0);
        expect(e.metrics.bits).toBe(0);
        lsrs.push(e.metrics.lsr);
      }
      expect(lsrs[1] / lsrs[0]).toBeCloseTo(1e-4, 6);
    } finally {
      for (const i of inputs) i.dispose();
    }
  });

  it('reports per-block r2 for every block of the layout', () => {
    const { lanes, inputs } = seededLanes({ ...defaultSpec('vanilla'), init: 'he' }, [4]);
    try {
      const [e] = evaluateLanes(lanes, false);
      const blocks = metricBlocks(paramLayout('vanilla'));
      expect(blocks.map((b) => b.name)).toEqual(['W1', 'W2', 'Wout']);
      const naive = replicationMetrics(e.predictions, e.theta, blocks);
      expect(e.metrics.r2W1).toBe(naive.r2W1);
      for (const k of ['r2W1', 'r2W2', 'r2Wout'] as const) expect(Number.isFinite(e.metrics[k])).toBe(true);
    } finally {
      lanes.dispose();
      for (const i of inputs) i.dispose();
    }
  });
});
