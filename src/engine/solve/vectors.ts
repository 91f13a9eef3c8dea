// float64 vector arithmetic for the solver (every residual and inner product is accumulated in float64).

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export const norm = (a: Float64Array): number => Math.sqrt(dot(a, a));

/** y ← y + k·x, in place. */
export function axpy(y: Float64Array, k: number, x: Float64Array): Float64Array {
  for (let i = 0; i < y.length; i++) y[i] += k * x[i];
  return y;
}

export function scaled(x: Float64Array, k: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = k * x[i];
  return out;
}

/** a − b. */
export function minus(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}
