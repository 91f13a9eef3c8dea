import { describe, expect, it } from 'vitest';
import { arnoldi, combine, dampedLeastSquares } from '../../src/engine/solve/krylov';
import { seededStream } from '../../src/engine/random/streams';

// The Krylov pieces of the Newton solver on small dense systems whose answers are
// known or computed here by other means (Gaussian elimination on the normal equations).

const matrix = (n: number, seed: string, diagonal = 3): number[][] => {
  const rng = seededStream(seed);
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? diagonal : 0) + 0.3 * rng.normal()));
};
const apply = (a: number[][]) => (v: Float64Array): Float64Array => Float64Array.from(a, (row) => row.reduce((s, x, j) => s + x * v[j], 0));

/** x solving M·x = b by Gaussian elimination with partial pivoting (dense, small). */
function solve(m: number[][], b: number[]): number[] {
  const n = b.length;
  const a = m.map((row, i) => [...row, b[i]]);
  for (let k = 0; k < n; k++) {
    const p = a.slice(k).reduce((best, row, i) => (Math.abs(row[k]) > Math.abs(a[best][k]) ? k + i : best), k);
    [a[k], a[p]] = [a[p], a[k]];
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / a[k][k];
      for (let j = k; j <= n; j++) a[i][j] -= f * a[k][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) x[i] = (a[i][n] - a[i].slice(i + 1, n).reduce((s, v, j) => s + v * x[i + 1 + j], 0)) / a[i][i];
  return x;
}

describe('Arnoldi and the damped Krylov least squares', () => {
  it('with the full space (m = n), μ = 0 solves A·x = b exactly (GMRES)', () => {
    const n = 12;
    const a = matrix(n, 'quinarium/krylov/full');
    const rng = seededStream('quinarium/krylov/b');
    const b = Float64Array.from({ length: n }, () => rng.normal());
    const space = arnoldi(apply(a), b, n);
    const { y, residual } = dampedLeastSquares(space, 0);
    const x = combine(space, y);
    const ax = apply(a)(x);
    for (let i = 0; i < n; i++) expect(ax[i]).toBeCloseTo(b[i], 9);
    expect(residual).toBeLessThan(1e-9);
    const direct = solve(a, [...b]);
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(direct[i], 9);
  });

  it('builds an orthonormal basis and A·V_m = V_{m+1}·H̄_m', () => {
    const n = 20;
    const a = matrix(n, 'quinarium/krylov/basis');
    const b = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
    const space = arnoldi(apply(a), b, 8);
    expect(space.m).toBe(8);
    for (let i = 0; i <= 8; i++) {
      for (let j = 0; j <= 8; j++) {
        const d = space.basis[i].reduce((s, x, k) => s + x * space.basis[j][k], 0);
        expect(d).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    }
    for (let j = 0; j < 8; j++) {
      const av = apply(a)(space.basis[j]);
      const vh = new Float64Array(n);
      for (let i = 0; i <= j + 1; i++) for (let k = 0; k < n; k++) vh[k] += space.h[i][j] * space.basis[i][k];
      for (let k = 0; k < n; k++) expect(av[k]).toBeCloseTo(vh[k], 12);
    }
  });

  it('μ > 0 gives the Levenberg–Marquardt step: (H̄ᵀH̄ + μI)·y = β·H̄ᵀe₁, shorter than the GMRES step', () => {
    const n = 15;
    const a = matrix(n, 'quinarium/krylov/lm', 0.5);
    const b = Float64Array.from({ length: n }, (_, i) => Math.cos(2 * i));
    const space = arnoldi(apply(a), b, 6);
    const m = space.m;
    const h = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: m }, (_, j) => space.h[i]?.[j] ?? 0));
    for (const mu of [1e-3, 0.1, 10]) {
      const { y } = dampedLeastSquares(space, mu);
      const normal = Array.from({ length: m }, (_, i) => Array.from({ length: m }, (_, j) => h.reduce((s, row) => s + row[i] * row[j], 0) + (i === j ? mu : 0)));
      const rhs = Array.from({ length: m }, (_, i) => space.beta * h[0][i]);
      const expected = solve(normal, rhs);
      for (let i = 0; i < m; i++) expect(y[i]).toBeCloseTo(expected[i], 8);
    }
    const len = (mu: number) => Math.hypot(...dampedLeastSquares(space, mu).y);
    expect(len(10)).toBeLessThan(len(0.1));
    expect(len(0.1)).toBeLessThan(len(0));
  });

  it('stops at breakdown when b lies in an invariant subspace (a diagonal A with 3 distinct eigenvalues)', () => {
    const n = 9;
    const d = [1, 1, 1, 2, 2, 2, 5, 5, 5];
    const b = Float64Array.from({ length: n }, (_, i) => 1 + i);
    const space = arnoldi((v) => v.map((x, i) => d[i] * x), b, n);
    expect(space.breakdown).toBe(true);
    expect(space.m).toBe(3);
    const x = combine(space, dampedLeastSquares(space, 0).y);
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(b[i] / d[i], 10);
  });
});
