import { axpy, dot, norm, scaled } from './vectors';

/**
 * An Arnoldi factorisation A·V_m = V_{m+1}·H̄_m started from b: the orthonormal basis
 * V (m + 1 vectors) and the (m + 1) × m Hessenberg matrix H̄. GMRES, the damped
 * Newton step and the spectrum probe are all read off it.
 */
export interface Arnoldi {
  basis: Float64Array[];
  /** H̄ row-major by rows: h[i][j], i ≤ j + 1. */
  h: number[][];
  /** ‖b‖. */
  beta: number;
  /** Columns built (m). */
  m: number;
  /** The space became invariant (the next vector was zero): the least-squares solution is exact. */
  breakdown: boolean;
}

/**
 * Arnoldi with modified Gram–Schmidt, orthogonalised twice (one pass loses
 * orthogonality at these dimensions in float64 once the residual falls by ~1e8).
 * Stops after `maxDim` columns, or early when `stop(arnoldi)` says so.
 */
export function arnoldi(apply: (v: Float64Array) => Float64Array, b: Float64Array, maxDim: number, stop?: (a: Arnoldi) => boolean): Arnoldi {
  const beta = norm(b);
  const a: Arnoldi = { basis: [scaled(b, beta > 0 ? 1 / beta : 0)], h: [], beta, m: 0, breakdown: beta === 0 };
  if (beta === 0) return a;
  for (let j = 0; j < maxDim; j++) {
    const w = apply(a.basis[j]);
    const col = new Array<number>(j + 2).fill(0);
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i <= j; i++) {
        const k = dot(w, a.basis[i]);
        col[i] += k;
        axpy(w, -k, a.basis[i]);
      }
    }
    col[j + 1] = norm(w);
    for (let i = 0; i <= j; i++) (a.h[i] ??= [])[j] = col[i];
    (a.h[j + 1] ??= [])[j] = col[j + 1];
    a.m = j + 1;
    if (col[j + 1] <= 1e-14 * a.beta) {
      a.breakdown = true;
      break;
    }
    a.basis.push(scaled(w, 1 / col[j + 1]));
    if (stop?.(a)) break;
  }
  return a;
}

/** H̄ as a dense (m + 1) × m array (zeros below the subdiagonal). */
function dense(a: Arnoldi): number[][] {
  return Array.from({ length: a.m + 1 }, (_, i) => Array.from({ length: a.m }, (_, j) => a.h[i]?.[j] ?? 0));
}

/**
 * y minimising ‖β·e₁ − H̄·y‖² + μ‖y‖² — the Levenberg–Marquardt step restricted to the
 * Krylov space (V is orthonormal, so ‖V·y‖ = ‖y‖); μ = 0 is GMRES. Solved by
 * Householder QR of [H̄; √μ·I] (no normal equations: H̄ can be ill-conditioned).
 * Returns y and the linear residual ‖β·e₁ − H̄·y‖.
 */
export function dampedLeastSquares(a: Arnoldi, mu: number): { y: Float64Array; residual: number } {
  const m = a.m;
  if (m === 0) return { y: new Float64Array(0), residual: a.beta };
  const h = dense(a);
  const rows = mu > 0 ? m + 1 + m : m + 1;
  const A = Array.from({ length: rows }, (_, i) => (i <= m ? h[i].slice() : Array.from({ length: m }, (_, j) => (j === i - m - 1 ? Math.sqrt(mu) : 0))));
  const rhs = new Float64Array(rows);
  rhs[0] = a.beta;
  for (let k = 0; k < m; k++) {
    let s = 0;
    for (let i = k; i < rows; i++) s += A[i][k] ** 2;
    const alpha = -Math.sign(A[k][k] || 1) * Math.sqrt(s);
    const v = new Float64Array(rows);
    for (let i = k; i < rows; i++) v[i] = A[i][k];
    v[k] -= alpha;
    const vv = dot(v, v);
    if (vv === 0) continue;
    for (let j = k; j < m; j++) {
      let p = 0;
      for (let i = k; i < rows; i++) p += v[i] * A[i][j];
      const f = (2 * p) / vv;
      for (let i = k; i < rows; i++) A[i][j] -= f * v[i];
    }
    let p = 0;
    for (let i = k; i < rows; i++) p += v[i] * rhs[i];
    const f = (2 * p) / vv;
    for (let i = k; i < rows; i++) rhs[i] -= f * v[i];
  }
  const y = new Float64Array(m);
  for (let k = m - 1; k >= 0; k--) {
    let s = rhs[k];
    for (let j = k + 1; j < m; j++) s -= A[k][j] * y[j];
    y[k] = A[k][k] !== 0 ? s / A[k][k] : 0;
  }
  // The linear residual of the undamped system at this y (not the augmented one).
  let res = 0;
  for (let i = 0; i <= m; i++) {
    let s = i === 0 ? a.beta : 0;
    for (let j = 0; j < m; j++) s -= h[i][j] * y[j];
    res += s * s;
  }
  return { y, residual: Math.sqrt(res) };
}

/** V_m·y: a vector of the Krylov space from its coefficients. */
export function combine(a: Arnoldi, y: Float64Array): Float64Array {
  const out = new Float64Array(a.basis[0].length);
  for (let j = 0; j < y.length; j++) axpy(out, y[j], a.basis[j]);
  return out;
}
