/**
 * Eigenvalues of a small real upper-Hessenberg matrix (the Arnoldi H_m of the
 * spectrum probe, m ≲ 100): the Francis double-shift QR iteration (EISPACK's hqr, as
 * in Numerical Recipes), which keeps the arithmetic real and returns complex
 * eigenvalues as conjugate pairs. Regeneration's Jacobian is not symmetric, and its
 * most dangerous directions measured so far are a complex pair (SPEC), so a symmetric
 * solver would not do.
 */
export interface Eigenvalue { re: number; im: number }

export const modulus = (e: Eigenvalue): number => Math.hypot(e.re, e.im);

const sign = (a: number, b: number): number => (b >= 0 ? Math.abs(a) : -Math.abs(a));

/** All m eigenvalues of the m × m upper-Hessenberg `h` (entries below the subdiagonal are ignored); `h` is not changed. */
export function hessenbergEigenvalues(h: readonly (readonly number[])[], m: number): Eigenvalue[] {
  // 1-indexed working copy: the algorithm's index arithmetic is easiest to keep right as published.
  const a: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i >= 1 && j >= 1 && i <= j + 1 ? h[i - 1]?.[j - 1] ?? 0 : 0)));
  const wr = new Float64Array(m + 1), wi = new Float64Array(m + 1);
  let anorm = 0;
  for (let i = 1; i <= m; i++) for (let j = Math.max(i - 1, 1); j <= m; j++) anorm += Math.abs(a[i][j]);
  let nn = m, t = 0;
  let p = 0, q = 0, r = 0, s = 0, w = 0, x = 0, y = 0, z = 0;
  while (nn >= 1) {
    let its = 0, l: number;
    do {
      for (l = nn; l >= 2; l--) {
        s = Math.abs(a[l - 1][l - 1]) + Math.abs(a[l][l]);
        if (s === 0) s = anorm;
        if (Math.abs(a[l][l - 1]) + s === s) {
          a[l][l - 1] = 0;
          break;
        }
      }
      x = a[nn][nn];
      if (l === nn) {
        wr[nn] = x + t;
        wi[nn--] = 0;
      } else {
        y = a[nn - 1][nn - 1];
        w = a[nn][nn - 1] * a[nn - 1][nn];
        if (l === nn - 1) {
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + sign(z, p);
            wr[nn - 1] = wr[nn] = x + z;
            if (z) wr[nn] = x - w / z;
            wi[nn - 1] = wi[nn] = 0;
          } else {
            wr[nn - 1] = wr[nn] = x + p;
            wi[nn - 1] = -(wi[nn] = z);
          }
          nn -= 2;
        } else {
          if (its === 60) throw new Error(`eigenvalues: the QR iteration did not converge for a ${m} × ${m} Hessenberg matrix`);
          if (its === 10 || its === 20 || its === 40) {
            // Exceptional shift, against cycling.
            t += x;
            for (let i = 1; i <= nn; i++) a[i][i] -= x;
            s = Math.abs(a[nn][nn - 1]) + Math.abs(a[nn - 1][nn - 2]);
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          ++its;
          let mm: number;
          for (mm = nn - 2; mm >= l; mm--) {
            z = a[mm][mm];
            r = x - z;
            s = y - z;
            p = (r * s - w) / a[mm + 1][mm] + a[mm][mm + 1];
            q = a[mm + 1][mm + 1] - z - r - s;
            r = a[mm + 2][mm + 1];
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (mm === l) break;
            const u = Math.abs(a[mm][mm - 1]) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(a[mm - 1][mm - 1]) + Math.abs(z) + Math.abs(a[mm + 1][mm + 1]));
            if (u + v === v) break;
          }
          for (let i = mm + 2; i <= nn; i++) {
            a[i][i - 2] = 0;
            if (i !== mm + 2) a[i][i - 3] = 0;
          }
          for (let k = mm; k <= nn - 1; k++) {
            if (k !== mm) {
              p = a[k][k - 1];
              q = a[k + 1][k - 1];
              r = k !== nn - 1 ? a[k + 2][k - 1] : 0;
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            s = sign(Math.sqrt(p * p + q * q + r * r), p);
            if (s === 0) continue;
            if (k === mm) {
              if (l !== mm) a[k][k - 1] = -a[k][k - 1];
            } else {
              a[k][k - 1] = -s * x;
            }
            p += s;
            x = p / s;
            y = q / s;
            z = r / s;
            q /= p;
            r /= p;
            for (let j = k; j <= nn; j++) {
              p = a[k][j] + q * a[k + 1][j];
              if (k !== nn - 1) {
                p += r * a[k + 2][j];
                a[k + 2][j] -= p * z;
              }
              a[k + 1][j] -= p * y;
              a[k][j] -= p * x;
            }
            const mmin = nn < k + 3 ? nn : k + 3;
            for (let i = l; i <= mmin; i++) {
              p = x * a[i][k] + y * a[i][k + 1];
              if (k !== nn - 1) {
                p += z * a[i][k + 2];
                a[i][k + 2] -= p * r;
              }
              a[i][k + 1] -= p * q;
              a[i][k] -= p;
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  return Array.from({ length: m }, (_, i) => ({ re: wr[i + 1], im: wi[i + 1] }));
}

/**
 * The eigenvector y of H_m for the eigenvalue λ (complex: real and imaginary parts),
 * by two steps of inverse iteration, normalised to ‖y‖ = 1. V·y is the Ritz vector.
 */
export function ritzVector(h: readonly (readonly number[])[], m: number, e: Eigenvalue): { re: Float64Array; im: Float64Array } {
  // (H − λ̃I)·y = b, λ̃ a hair off λ so the matrix stays invertible.
  const shiftRe = e.re + 1e-10 * (1 + Math.abs(e.re)), shiftIm = e.im;
  let yr: Float64Array = new Float64Array(m).fill(1), yi: Float64Array = new Float64Array(m);
  for (let pass = 0; pass < 2; pass++) {
    const ar = Array.from({ length: m }, (_, i) => Float64Array.from({ length: m }, (_, j) => (i <= j + 1 ? h[i]?.[j] ?? 0 : 0) - (i === j ? shiftRe : 0)));
    const ai = Array.from({ length: m }, (_, i) => Float64Array.from({ length: m }, (_, j) => (i === j ? -shiftIm : 0)));
    [yr, yi] = complexSolve(ar, ai, yr, yi);
    let nrm = 0;
    for (let i = 0; i < m; i++) nrm += yr[i] * yr[i] + yi[i] * yi[i];
    nrm = Math.sqrt(nrm) || 1;
    for (let i = 0; i < m; i++) {
      yr[i] /= nrm;
      yi[i] /= nrm;
    }
  }
  return { re: yr, im: yi };
}

/**
 * How far the Ritz value λ of an Arnoldi factorisation A·V_m = V_{m+1}·H̄_m is from an
 * eigenpair of A: ‖A·Vy − λ·Vy‖ = |h_{m+1,m}|·|y_m| for the unit Ritz vector. Small
 * against |λ|: converged; large: a Krylov space too small to resolve it.
 */
export function ritzResidual(h: readonly (readonly number[])[], m: number, subdiagonal: number, e: Eigenvalue): number {
  const y = ritzVector(h, m, e);
  return Math.abs(subdiagonal) * Math.hypot(y.re[m - 1], y.im[m - 1]);
}

/** Gaussian elimination with partial pivoting on a complex system (real and imaginary parts apart); overwrites its matrix. */
function complexSolve(ar: Float64Array[], ai: Float64Array[], br: Float64Array, bi: Float64Array): [Float64Array, Float64Array] {
  const m = br.length;
  const xr = Float64Array.from(br), xi = Float64Array.from(bi);
  for (let k = 0; k < m; k++) {
    let piv = k;
    for (let i = k + 1; i < m; i++) if (Math.hypot(ar[i][k], ai[i][k]) > Math.hypot(ar[piv][k], ai[piv][k])) piv = i;
    [ar[k], ar[piv]] = [ar[piv], ar[k]];
    [ai[k], ai[piv]] = [ai[piv], ai[k]];
    [xr[k], xr[piv]] = [xr[piv], xr[k]];
    [xi[k], xi[piv]] = [xi[piv], xi[k]];
    let dr = ar[k][k], di = ai[k][k];
    if (dr === 0 && di === 0) dr = 1e-300;
    const dd = dr * dr + di * di;
    for (let i = k + 1; i < m; i++) {
      // f = a[i][k] / a[k][k]
      const fr = (ar[i][k] * dr + ai[i][k] * di) / dd, fi = (ai[i][k] * dr - ar[i][k] * di) / dd;
      if (fr === 0 && fi === 0) continue;
      for (let j = k; j < m; j++) {
        ar[i][j] -= fr * ar[k][j] - fi * ai[k][j];
        ai[i][j] -= fr * ai[k][j] + fi * ar[k][j];
      }
      xr[i] -= fr * xr[k] - fi * xi[k];
      xi[i] -= fr * xi[k] + fi * xr[k];
    }
  }
  for (let k = m - 1; k >= 0; k--) {
    let sr = xr[k], si = xi[k];
    for (let j = k + 1; j < m; j++) {
      sr -= ar[k][j] * xr[j] - ai[k][j] * xi[j];
      si -= ar[k][j] * xi[j] + ai[k][j] * xr[j];
    }
    let dr = ar[k][k], di = ai[k][k];
    if (dr === 0 && di === 0) dr = 1e-300;
    const dd = dr * dr + di * di;
    xr[k] = (sr * dr + si * di) / dd;
    xi[k] = (si * dr - sr * di) / dd;
  }
  return [xr, xi];
}
