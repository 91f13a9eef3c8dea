import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/engine/backend/selectBackend';
import { defaultSpec, type ModelSpec } from '../../src/engine/models/modelSpec';
import { seededStream } from '../../src/engine/random/streams';
import { hessenbergEigenvalues, modulus, ritzResidual, ritzVector, type Eigenvalue } from '../../src/engine/solve/eigen';
import { arnoldi } from '../../src/engine/solve/krylov';
import { correlation } from '../../src/engine/metrics/replicationMetrics';
import { dampedGrowth, probeQuine, ritzSpectrum, type ProbedMap } from '../../src/engine/solve/probe';
import { QuineMap } from '../../src/engine/solve/quineMap';
import { seededLanes } from './seededLanes';

// The spectrum probe against answers known in closed form: polynomial roots through a
// companion matrix, block matrices with chosen eigenvalues, a rotation whose
// correlation with its start is cos kφ, and the exact homogeneity of relu/linear
// quines (J·θ = 3f) and of weight-normalised ones (J·θ = 0).

const byRe = (a: Eigenvalue, b: Eigenvalue) => a.re - b.re || a.im - b.im;

function matVec(a: number[][]): (v: Float64Array) => Float64Array {
  return (v) => Float64Array.from(a, (row) => row.reduce((s, x, j) => s + x * v[j], 0));
}

describe('Hessenberg eigenvalues (Francis QR)', () => {
  it('finds the roots 1, 2, 3, ±i of (x−1)(x−2)(x−3)(x²+1) from its companion matrix', () => {
    // x⁵ − 6x⁴ + 12x³ − 12x² + 11x − 6
    const c = [-6, 12, -12, 11, -6];
    const h = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (i === 0 ? -c[j] : i === j + 1 ? 1 : 0)));
    const ev = hessenbergEigenvalues(h, 5).sort(byRe);
    const want = [{ re: 0, im: -1 }, { re: 0, im: 1 }, { re: 1, im: 0 }, { re: 2, im: 0 }, { re: 3, im: 0 }];
    expect(ev).toHaveLength(5);
    ev.forEach((e, i) => {
      expect(e.re).toBeCloseTo(want[i].re, 9);
      expect(e.im).toBeCloseTo(want[i].im, 9);
    });
  });

  it('full Arnoldi on a block matrix recovers its eigenvalues, complex pairs included', () => {
    const m = 8;
    const a = Array.from({ length: m }, () => new Array<number>(m).fill(0));
    // [[0.5, 2], [−2, 0.5]] → 0.5 ± 2i; [[1.5, 0.3], [−0.3, 1.5]] → 1.5 ± 0.3i; then 3, −1, 0.1, 2.2
    [[0, 0, 0.5], [0, 1, 2], [1, 0, -2], [1, 1, 0.5], [2, 2, 3], [3, 3, -1], [4, 4, 0.1], [5, 5, 1.5], [5, 6, 0.3], [6, 5, -0.3], [6, 6, 1.5], [7, 7, 2.2]]
      .forEach(([i, j, x]) => (a[i][j] = x));
    const b = Float64Array.from({ length: m }, (_, i) => Math.sin(i + 1));
    const ar = arnoldi(matVec(a), b, m);
    const ev = hessenbergEigenvalues(ar.h, ar.m).sort(byRe);
    const want = [{ re: -1, im: 0 }, { re: 0.1, im: 0 }, { re: 0.5, im: -2 }, { re: 0.5, im: 2 }, { re: 1.5, im: -0.3 }, { re: 1.5, im: 0.3 }, { re: 2.2, im: 0 }, { re: 3, im: 0 }];
    expect(ev).toHaveLength(m);
    ev.forEach((e, i) => {
      expect(e.re).toBeCloseTo(want[i].re, 7);
      expect(e.im).toBeCloseTo(want[i].im, 7);
    });
  });

  it('the Ritz residual |h_{m+1,m}·y_m| equals ‖A·V·y − λ·V·y‖ computed directly', () => {
    const rng = seededStream('quinarium/probe-test/residual');
    const n = 30, k = 6;
    const a = Array.from({ length: n }, () => Array.from({ length: n }, () => rng.normal() / Math.sqrt(n)));
    const ar = arnoldi(matVec(a), Float64Array.from({ length: n }, () => rng.normal()), k);
    expect(ar.m).toBe(k);
    const ev = hessenbergEigenvalues(ar.h, k);
    const apply = matVec(a);
    for (const e of ev) {
      const y = ritzVector(ar.h, k, e);
      // x = V·y (complex), then A·x − λx.
      const xr = new Float64Array(n), xi = new Float64Array(n);
      for (let j = 0; j < k; j++) for (let i = 0; i < n; i++) {
        xr[i] += ar.basis[j][i] * y.re[j];
        xi[i] += ar.basis[j][i] * y.im[j];
      }
      const ar_ = apply(xr), ai = apply(xi);
      let r = 0, nx = 0;
      for (let i = 0; i < n; i++) {
        r += (ar_[i] - (e.re * xr[i] - e.im * xi[i])) ** 2 + (ai[i] - (e.re * xi[i] + e.im * xr[i])) ** 2;
        nx += xr[i] ** 2 + xi[i] ** 2;
      }
      const direct = Math.sqrt(r / nx);
      expect(ritzResidual(ar.h, k, ar.h[k][k - 1], e)).toBeCloseTo(direct, 6);
      expect(direct).toBeGreaterThan(1e-6); // six steps on a random 30×30: not yet converged, so the comparison means something
    }
  });

  it('ritzSpectrum finds the dominant eigenvalues of a large diagonal operator first', () => {
    const rng = seededStream('quinarium/probe-test/diagonal');
    const n = 400;
    const d = Float64Array.from({ length: n }, () => rng.next() * 0.5);
    d[17] = 5;
    d[201] = -4;
    d[333] = 3;
    const s = ritzSpectrum((v) => Float64Array.from(v, (x, i) => x * d[i]), Float64Array.from({ length: n }, () => rng.normal()), 30, 3);
    expect(s.top.map((e) => e.re)).toEqual([expect.closeTo(5, 6), expect.closeTo(-4, 6), expect.closeTo(3, 6)]);
    s.top.forEach((e) => expect(e.residual).toBeLessThan(1e-6));
  });
});

describe('damped multipliers and correlation', () => {
  it('dampedGrowth is max |1 − β + βμ|', () => {
    const ev = [{ re: 3, im: 0 }, { re: -0.5, im: 0.5 }];
    expect(dampedGrowth(ev, 1)).toBeCloseTo(3, 12);
    expect(dampedGrowth(ev, 0.5)).toBeCloseTo(2, 12);
    // β = ½ on −0.5 ± 0.5i alone: |0.25 ± 0.25i| = √(1/8)
    expect(dampedGrowth([ev[1]], 0.5)).toBeCloseTo(Math.sqrt(1 / 8), 12);
  });

  it('correlation is Pearson: 1 for an affine copy, −1 for a negated one, 0 for a constant', () => {
    const x = [1, 4, 2, 8, 5];
    expect(correlation(x, x.map((v) => 3 * v - 7))).toBeCloseTo(1, 12);
    expect(correlation(x, x.map((v) => -v))).toBeCloseTo(-1, 12);
    expect(correlation(x, [2, 2, 2, 2, 2])).toBe(0);
  });
});

/** A rotation by φ in each plane (θ_{2i}, θ_{2i+1}): corr(R^kθ, θ) = cos kφ for a zero-mean θ. */
function rotation(n: number, phi: number): ProbedMap {
  const c = Math.cos(phi), s = Math.sin(phi);
  const apply = (v: Float64Array) => {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i += 2) {
      w[i] = c * v[i] - s * v[i + 1];
      w[i + 1] = s * v[i] + c * v[i + 1];
    }
    return w;
  };
  return { n, regenerate: apply, linearise: (theta) => ({ f: apply(theta), jvp: apply, dispose: () => undefined }) };
}

describe('probeQuine on a map with a known answer', () => {
  it('a rotation by φ: radial gain cos φ, |λ| = 1, half-life ⌈acos(0.9)/φ⌉ plain and ⌈acos(0.9)/(φ/2)⌉ damped', () => {
    const rng = seededStream('quinarium/probe-test/rotation');
    const n = 40, phi = 0.05;
    // Pairs (a, b) and (−a, −b): zero mean at every k, so Pearson's corr is the cosine.
    const theta = new Float64Array(n);
    for (let i = 0; i < n / 2; i += 2) {
      theta[i] = rng.normal();
      theta[i + 1] = rng.normal();
      theta[i + n / 2] = -theta[i];
      theta[i + 1 + n / 2] = -theta[i + 1];
    }
    const r = probeQuine(rotation(n, phi), theta, [{ name: 'W1', offset: 0, size: n }], seededStream('quinarium/probe-test/start'), { krylov: 10, top: 2, generations: 100, threshold: 0.9 });
    expect(r.radialGain).toBeCloseTo(Math.cos(phi), 10);
    expect(r.gain).toBeCloseTo(Math.cos(phi), 10);
    expect(modulus(r.spectrum.top[0])).toBeCloseTo(1, 10);
    expect(Math.abs(r.spectrum.top[0].im)).toBeCloseTo(Math.sin(phi), 10);
    const life = Object.fromEntries(r.halfLives.map((h) => [h.rule, h]));
    const plain = Math.ceil(Math.acos(0.9) / phi);
    expect(life.plain.generations).toBe(plain);
    expect(life.projective.generations).toBe(plain);
    // g = ½θ + ½Rθ is a rotation by φ/2 shrunk by cos(φ/2); the projection undoes the shrinking.
    expect(life.damped.generations).toBe(Math.ceil(Math.acos(0.9) / (phi / 2)));
    life.plain.corr.forEach((c, k) => expect(c).toBeCloseTo(Math.cos((k + 1) * phi), 5));
    expect(life.plain.normRatio).toBeCloseTo(1, 5);
    expect(life.plain.predictedGrowth).toBeCloseTo(1, 10);
  });

  it('a zero θ is refused with a clear error', () => {
    expect(() => probeQuine(rotation(4, 0.1), new Float64Array(4), [], seededStream('x'))).toThrow(/θ is zero/);
  });
});

describe('probeQuine on quine networks', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  const homogeneous: [string, Partial<ModelSpec>, (gain: number) => number][] = [
    ['relu', { activation: 'relu' }, (k) => 3 * k],
    ['linear', { activation: 'linear' }, (k) => 3 * k],
    ['weight-normalised selu', { weightNorm: 'per-layer' }, () => 0],
  ];
  for (const [name, extra, expected] of homogeneous) {
    it(`radial gain ⟨Jθ̂, θ̂⟩ of a ${name} network is ${name.includes('normalised') ? '0' : '3κ'} (exact homogeneity)`, () => {
      const spec: ModelSpec = { ...defaultSpec('vanilla'), init: 'he', ...extra };
      const run = seededLanes(spec, [21]);
      try {
        const map = new QuineMap(run.inputs[0], run.lanes.architecture(0));
        const r = probeQuine(map, Float64Array.from(run.thetas[0]), [], seededStream('quinarium/probe-test/net'), { krylov: 4, top: 2, generations: 2, threshold: 0.9 });
        expect(Math.abs(r.gain)).toBeGreaterThan(1e-4); // κ itself is not zero, so 3κ is a real check
        expect(r.radialGain).toBeCloseTo(expected(r.gain), 3);
        expect(r.spectrum.top).toHaveLength(2);
        expect(r.halfLives.map((h) => h.rule)).toEqual(['plain', 'projective', 'damped']);
      } finally {
        run.lanes.dispose();
        run.inputs.forEach((i) => i.dispose());
      }
    });
  }
});
