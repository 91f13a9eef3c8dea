// Quinarium's fused compute kernels (AssemblyScript → WebAssembly SIMD, built by
// scripts/buildKernels.mjs at `npm ci`, or on first use). Every function works on raw
// byte offsets into the memory the host imports, and allocates nothing: the host lays
// out θ, optimiser state, fixed inputs and scratch (src/engine/fused/kernel.ts).
//
// The network is the quine of src/engine/models/forward.ts: E [M, 100] · U1 [100, 100]
// → σ → · U2 [100, 100] → σ → · head [100, H]. θ in internal order is U1, U2 ([in,
// out], row-major) then the head [100, H]. Every matrix product here has 100 output
// columns or is a dot product over 100 values, so both are written for that width.
//
// Determinism: every output element is summed in one fixed order (k = 0, 1, …, each
// product rounded, then added: baseline SIMD has no fused multiply-add), whatever the
// tile or the row block it falls in, so splitting rows between threads or blocks cannot
// change a bit.

const W: i32 = 100;          // hidden width
const ROW: usize = 400;      // bytes of a 100-float row

// SELU (Klambauer et al. 2017), tf.selu's constants rounded to float32.
const SELU_SCALE: f32 = 1.0507009873554804934193349852946;
const SELU_SA: f32 = 1.7580993408473768599402175208123; // scale · alpha
const LEAKY: f32 = 0.01;

export const ACT_SELU: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_LEAKY: i32 = 2;
export const ACT_LINEAR: i32 = 3;

// ---------------------------------------------------------------------------------
// Matrix products with 100 output columns: y[r, 0..100) (+)= Σ_i X(r, i) · w[i, 0..100),
// X(r, i) read at x + r·xrs + i·xcs (bytes), so X may be a row-major matrix (xrs = 4k,
// xcs = 4) or the transpose of one (xrs = 4, xcs = 4·rows of the original). w's rows
// are 100 floats apart, y's too. Register tiles: 4 rows × 8 columns (8 accumulators:
// V8 gives wasm SIMD 16 xmm registers; 12 accumulators spilled, measured 40 against
// 19 GFLOP/s), then 4 × 4 for the 25th vector, then single rows.

@inline function tile4x8(x: usize, xrs: usize, xcs: usize, k: i32, w: usize, y: usize, acc: bool): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), b0 = f32x4.splat(0), b1 = f32x4.splat(0);
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0), d0 = f32x4.splat(0), d1 = f32x4.splat(0);
  let wp = w, xp = x;
  const x1 = xrs, x2 = xrs * 2, x3 = xrs * 3;
  for (let i = 0; i < k; i++) {
    const w0 = v128.load(wp), w1 = v128.load(wp, 16);
    let s = v128.load32_splat(xp);
    a0 = f32x4.add(a0, f32x4.mul(s, w0)); a1 = f32x4.add(a1, f32x4.mul(s, w1));
    s = v128.load32_splat(xp + x1);
    b0 = f32x4.add(b0, f32x4.mul(s, w0)); b1 = f32x4.add(b1, f32x4.mul(s, w1));
    s = v128.load32_splat(xp + x2);
    c0 = f32x4.add(c0, f32x4.mul(s, w0)); c1 = f32x4.add(c1, f32x4.mul(s, w1));
    s = v128.load32_splat(xp + x3);
    d0 = f32x4.add(d0, f32x4.mul(s, w0)); d1 = f32x4.add(d1, f32x4.mul(s, w1));
    wp += ROW; xp += xcs;
  }
  if (acc) {
    a0 = f32x4.add(a0, v128.load(y)); a1 = f32x4.add(a1, v128.load(y, 16));
    b0 = f32x4.add(b0, v128.load(y + ROW)); b1 = f32x4.add(b1, v128.load(y + ROW, 16));
    c0 = f32x4.add(c0, v128.load(y + 2 * ROW)); c1 = f32x4.add(c1, v128.load(y + 2 * ROW, 16));
    d0 = f32x4.add(d0, v128.load(y + 3 * ROW)); d1 = f32x4.add(d1, v128.load(y + 3 * ROW, 16));
  }
  v128.store(y, a0); v128.store(y, a1, 16);
  v128.store(y + ROW, b0); v128.store(y + ROW, b1, 16);
  v128.store(y + 2 * ROW, c0); v128.store(y + 2 * ROW, c1, 16);
  v128.store(y + 3 * ROW, d0); v128.store(y + 3 * ROW, d1, 16);
}

@inline function tile4x4(x: usize, xrs: usize, xcs: usize, k: i32, w: usize, y: usize, acc: bool): void {
  let a0 = f32x4.splat(0), b0 = f32x4.splat(0), c0 = f32x4.splat(0), d0 = f32x4.splat(0);
  let wp = w, xp = x;
  const x1 = xrs, x2 = xrs * 2, x3 = xrs * 3;
  for (let i = 0; i < k; i++) {
    const w0 = v128.load(wp);
    a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(xp), w0));
    b0 = f32x4.add(b0, f32x4.mul(v128.load32_splat(xp + x1), w0));
    c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(xp + x2), w0));
    d0 = f32x4.add(d0, f32x4.mul(v128.load32_splat(xp + x3), w0));
    wp += ROW; xp += xcs;
  }
  if (acc) {
    a0 = f32x4.add(a0, v128.load(y)); b0 = f32x4.add(b0, v128.load(y + ROW));
    c0 = f32x4.add(c0, v128.load(y + 2 * ROW)); d0 = f32x4.add(d0, v128.load(y + 3 * ROW));
  }
  v128.store(y, a0); v128.store(y + ROW, b0); v128.store(y + 2 * ROW, c0); v128.store(y + 3 * ROW, d0);
}

@inline function tile1x8(x: usize, xcs: usize, k: i32, w: usize, y: usize, acc: bool): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
  let wp = w, xp = x;
  for (let i = 0; i < k; i++) {
    const s = v128.load32_splat(xp);
    a0 = f32x4.add(a0, f32x4.mul(s, v128.load(wp)));
    a1 = f32x4.add(a1, f32x4.mul(s, v128.load(wp, 16)));
    wp += ROW; xp += xcs;
  }
  if (acc) { a0 = f32x4.add(a0, v128.load(y)); a1 = f32x4.add(a1, v128.load(y, 16)); }
  v128.store(y, a0); v128.store(y, a1, 16);
}

@inline function tile1x4(x: usize, xcs: usize, k: i32, w: usize, y: usize, acc: bool): void {
  let a0 = f32x4.splat(0);
  let wp = w, xp = x;
  for (let i = 0; i < k; i++) {
    a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(xp), v128.load(wp)));
    wp += ROW; xp += xcs;
  }
  if (acc) a0 = f32x4.add(a0, v128.load(y));
  v128.store(y, a0);
}

/** y[rows, 100] = X[rows, k] · w[k, 100] (acc ≠ 0: y += …, the product rounded first). */
export function gemm(x: usize, rows: i32, k: i32, xrs: usize, xcs: usize, w: usize, y: usize, acc: i32): void {
  const add = acc != 0;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const xr = x + <usize>r * xrs, yr = y + <usize>r * ROW;
    for (let c: usize = 0; c < 96; c += 8) tile4x8(xr, xrs, xcs, k, w + (c << 2), yr + (c << 2), add);
    tile4x4(xr, xrs, xcs, k, w + 384, yr + 384, add);
  }
  for (; r < rows; r++) {
    const xr = x + <usize>r * xrs, yr = y + <usize>r * ROW;
    for (let c: usize = 0; c < 96; c += 8) tile1x8(xr, xcs, k, w + (c << 2), yr + (c << 2), add);
    tile1x4(xr, xcs, k, w + 384, yr + 384, add);
  }
}

// ---------------------------------------------------------------------------------
// Dot products over 100 values: y[r, c] = Σ_k x[r, k] · v[c, k] (x rows 100 floats
// apart, v rows too, y rows `ys` bytes apart). Four partial sums per lane, then lanes
// added as ((l0 + l1) + (l2 + l3)), in every tile alike.

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline function dot2x4(x: usize, v: usize, y: usize, ys: usize): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
  for (let o: usize = 0; o < ROW; o += 16) {
    const p = v128.load(x + o), q = v128.load(x + ROW + o);
    const v0 = v128.load(v + o), v1 = v128.load(v + ROW + o), v2 = v128.load(v + 2 * ROW + o), v3 = v128.load(v + 3 * ROW + o);
    a0 = f32x4.add(a0, f32x4.mul(p, v0)); a1 = f32x4.add(a1, f32x4.mul(p, v1));
    a2 = f32x4.add(a2, f32x4.mul(p, v2)); a3 = f32x4.add(a3, f32x4.mul(p, v3));
    b0 = f32x4.add(b0, f32x4.mul(q, v0)); b1 = f32x4.add(b1, f32x4.mul(q, v1));
    b2 = f32x4.add(b2, f32x4.mul(q, v2)); b3 = f32x4.add(b3, f32x4.mul(q, v3));
  }
  store<f32>(y, hsum(a0)); store<f32>(y, hsum(a1), 4); store<f32>(y, hsum(a2), 8); store<f32>(y, hsum(a3), 12);
  store<f32>(y + ys, hsum(b0)); store<f32>(y + ys, hsum(b1), 4); store<f32>(y + ys, hsum(b2), 8); store<f32>(y + ys, hsum(b3), 12);
}

@inline function dot1x1(x: usize, v: usize): f32 {
  let a = f32x4.splat(0);
  for (let o: usize = 0; o < ROW; o += 16) a = f32x4.add(a, f32x4.mul(v128.load(x + o), v128.load(v + o)));
  return hsum(a);
}

/** y[r, c] = Σ_k x[r, k]·v[c, k] for r < rows, c < cols; y's rows `ys` bytes apart. */
export function gemmNT(x: usize, rows: i32, v: usize, cols: i32, y: usize, ys: usize): void {
  let r = 0;
  for (; r + 2 <= rows; r += 2) {
    const xr = x + <usize>r * ROW, yr = y + <usize>r * ys;
    let c = 0;
    for (; c + 4 <= cols; c += 4) dot2x4(xr, v + <usize>c * ROW, yr + (<usize>c << 2), ys);
    for (; c < cols; c++) {
      store<f32>(yr + (<usize>c << 2), dot1x1(xr, v + <usize>c * ROW));
      store<f32>(yr + ys + (<usize>c << 2), dot1x1(xr + ROW, v + <usize>c * ROW));
    }
  }
  for (; r < rows; r++) {
    const xr = x + <usize>r * ROW, yr = y + <usize>r * ys;
    for (let c = 0; c < cols; c++) store<f32>(yr + (<usize>c << 2), dot1x1(xr, v + <usize>c * ROW));
  }
}

// ---------------------------------------------------------------------------------
// Activations. exp on SIMD lanes by Cephes' expf (range reduction to [−ln2/2, ln2/2],
// degree-6 polynomial, ~1 ulp), for x ≤ 0 only (selu's negative branch, softmax's
// exp(l − max l)); no tables, so the module has no data segment to write into the
// shared memory when a second thread instantiates it.

// Constants of the activations, read from a table in the module's reserved first page
// (written by `setup`, which the host calls once): V8 builds a v128 constant inside a
// loop from immediates, ~4 instructions each, every iteration; a splat from memory is
// one load. Measured: selu over 2·10⁶ values took 4.6 ms CPU with inline constants.
const K: usize = 1024;
const K_MIN = 0, K_LOG2E = 4, K_LN2HI = 8, K_LN2LO = 12, K_P0 = 16, K_P1 = 20, K_P2 = 24, K_P3 = 28, K_P4 = 32, K_P5 = 36;
const K_ONE = 40, K_SHIFT = 44, K_SCALE = 48, K_SA = 52, K_LEAKY = 56, K_EXPBIAS = 60;

/** Writes the constant table (once per memory, before any other kernel). */
export function setup(): void {
  store<f32>(K + K_MIN, -87.0);
  store<f32>(K + K_LOG2E, 1.44269504088896341);
  store<f32>(K + K_LN2HI, 0.693359375);
  store<f32>(K + K_LN2LO, -2.12194440e-4);
  store<f32>(K + K_P0, 1.9875691500e-4);
  store<f32>(K + K_P1, 1.3981999507e-3);
  store<f32>(K + K_P2, 8.3334519073e-3);
  store<f32>(K + K_P3, 4.1665795894e-2);
  store<f32>(K + K_P4, 1.6666665459e-1);
  store<f32>(K + K_P5, 5.0000001201e-1);
  store<f32>(K + K_ONE, 1.0);
  store<f32>(K + K_SHIFT, 12582912.0);
  store<f32>(K + K_SCALE, SELU_SCALE);
  store<f32>(K + K_SA, SELU_SA);
  store<f32>(K + K_LEAKY, LEAKY);
  store<i32>(K + K_EXPBIAS, 127 - 0x4B400000);
}

@inline function kv(off: usize): v128 {
  return v128.load32_splat(K + off);
}

@inline function expNeg(x: v128): v128 {
  // pmax is one instruction (max is ~8, for IEEE NaN and ±0 rules); a NaN still comes
  // through as NaN, so divergence stays visible.
  const xc = f32x4.pmax(x, kv(K_MIN));
  // n = round(x·log2 e) by adding 1.5·2²³: the sum's low mantissa bits hold n (rounded
  // to nearest even, as f32x4.nearest would), its bits give 2ⁿ directly — no round or
  // float-to-int conversion (V8 spends ~7 instructions on i32x4.trunc_sat_f32x4_s).
  const t = f32x4.add(f32x4.mul(xc, kv(K_LOG2E)), kv(K_SHIFT));
  const n = f32x4.sub(t, kv(K_SHIFT));
  let r = f32x4.sub(xc, f32x4.mul(n, kv(K_LN2HI)));
  r = f32x4.sub(r, f32x4.mul(n, kv(K_LN2LO)));
  let p = kv(K_P0);
  p = f32x4.add(f32x4.mul(p, r), kv(K_P1));
  p = f32x4.add(f32x4.mul(p, r), kv(K_P2));
  p = f32x4.add(f32x4.mul(p, r), kv(K_P3));
  p = f32x4.add(f32x4.mul(p, r), kv(K_P4));
  p = f32x4.add(f32x4.mul(p, r), kv(K_P5));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), kv(K_ONE));
  const e = i32x4.shl(i32x4.add(t, kv(K_EXPBIAS)), 23);
  return f32x4.mul(p, e);
}

@inline function act4(a: v128, kind: i32): v128 {
  const zero = f32x4.splat(0);
  const pos = f32x4.gt(a, zero);
  if (kind == ACT_SELU) {
    const neg = f32x4.mul(f32x4.sub(expNeg(f32x4.pmin(a, zero)), kv(K_ONE)), kv(K_SA));
    return v128.bitselect(f32x4.mul(a, kv(K_SCALE)), neg, pos);
  }
  if (kind == ACT_RELU) return v128.bitselect(a, zero, pos);
  if (kind == ACT_LEAKY) return v128.bitselect(a, f32x4.mul(a, kv(K_LEAKY)), pos);
  return a;
}

/** h = σ(a) over n floats (n a multiple of 4; h may be a). */
export function activate(a: usize, h: usize, n: i32, kind: i32): void {
  if (kind == ACT_LINEAR && a == h) return;
  const end = a + (<usize>n << 2);
  for (let p = a, q = h; p < end; p += 16, q += 16) v128.store(q, act4(v128.load(p), kind));
}

/** σ'(a) from the pre-activation a and h = σ(a): selu' = scale (a > 0) or h + scale·alpha. */
@inline function slope4(a: v128, h: v128, kind: i32): v128 {
  const pos = f32x4.gt(a, f32x4.splat(0));
  if (kind == ACT_SELU) return v128.bitselect(kv(K_SCALE), f32x4.add(h, kv(K_SA)), pos);
  if (kind == ACT_RELU) return v128.bitselect(kv(K_ONE), f32x4.splat(0), pos);
  return v128.bitselect(kv(K_ONE), kv(K_LEAKY), pos);
}

/** d ⊙= σ'(a) over n floats (nothing for the linear activation). */
export function timesSlope(d: usize, a: usize, h: usize, n: i32, kind: i32): void {
  if (kind == ACT_LINEAR) return;
  const end = <usize>n << 2;
  for (let o: usize = 0; o < end; o += 16) v128.store(d + o, f32x4.mul(v128.load(d + o), slope4(v128.load(a + o), v128.load(h + o), kind)));
}

/** s = σ'(a) over n floats (for a linearisation kept across many tangent passes). */
export function slopeOf(s: usize, a: usize, h: usize, n: i32, kind: i32): void {
  const end = <usize>n << 2;
  for (let o: usize = 0; o < end; o += 16) v128.store(s + o, kind == ACT_LINEAR ? kv(K_ONE) : slope4(v128.load(a + o), v128.load(h + o), kind));
}

/** y ⊙= s over n floats. */
export function mulInto(y: usize, s: usize, n: i32): void {
  const end = <usize>n << 2;
  for (let o: usize = 0; o < end; o += 16) v128.store(y + o, f32x4.mul(v128.load(y + o), v128.load(s + o)));
}

// ---------------------------------------------------------------------------------
// The head. θ keeps it [100, H]; the kernels want it [H, 100].

/** dst[h, i] = src[i, h] for a [100, H] matrix. */
export function transposeHead(src: usize, hw: i32, dst: usize): void {
  for (let i = 0; i < W; i++) {
    for (let h = 0; h < hw; h++) store<f32>(dst + <usize>h * ROW + (<usize>i << 2), load<f32>(src + ((<usize>(i * hw + h)) << 2)));
  }
}

/** dst[i, h] = src[h, i] (the head's gradient back to θ's order). */
export function untransposeHead(src: usize, hw: i32, dst: usize): void {
  for (let i = 0; i < W; i++) {
    for (let h = 0; h < hw; h++) store<f32>(dst + ((<usize>(i * hw + h)) << 2), load<f32>(src + <usize>h * ROW + (<usize>i << 2)));
  }
}

// ---------------------------------------------------------------------------------
// The full forward: head outputs [rows, H] of embeddings e [rows, 100], in blocks of
// BLOCK rows so a block's activations stay in L1/L2 while U1, U2 stay in L2.

const BLOCK: i32 = 32;

/**
 * out[r, h] for rows [r0, r1) of e; θ internal (U1, U2, head [100, H]); headT the
 * transposed head [H, 100] (transposeHead); scratch 2·BLOCK·100 floats.
 */
export function forwardRows(e: usize, r0: i32, r1: i32, theta: usize, headT: usize, hw: i32, act: i32, out: usize, scratch: usize): void {
  const u1 = theta, u2 = theta + 10000 * 4;
  const s1 = scratch, s2 = scratch + <usize>BLOCK * ROW;
  for (let r = r0; r < r1; r += BLOCK) {
    const m = min(BLOCK, r1 - r);
    gemm(e + <usize>r * ROW, m, W, ROW, 4, u1, s1, 0);
    activate(s1, s1, m * W, act);
    gemm(s1, m, W, ROW, 4, u2, s2, 0);
    activate(s2, s2, m * W, act);
    gemmNT(s2, m, headT, hw, out + <usize>(r * hw) * 4, <usize>hw << 2);
  }
}

/**
 * The forward pass kept for tangent passes, rows [r0, r1): h1, h2 and the slopes
 * σ'(a1), σ'(a2) [rows, 100] each, and f = column 0 of the head outputs.
 */
export function lineariseRows(e: usize, r0: i32, r1: i32, theta: usize, headT: usize, act: i32, h1: usize, h2: usize, s1: usize, s2: usize, f: usize): void {
  const u1 = theta, u2 = theta + 10000 * 4;
  for (let r = r0; r < r1; r += BLOCK) {
    const m = min(BLOCK, r1 - r), o = <usize>r * ROW, n = m * W;
    gemm(e + o, m, W, ROW, 4, u1, s1 + o, 0);
    activate(s1 + o, h1 + o, n, act);
    slopeOf(s1 + o, s1 + o, h1 + o, n, act);
    gemm(h1 + o, m, W, ROW, 4, u2, s2 + o, 0);
    activate(s2 + o, h2 + o, n, act);
    slopeOf(s2 + o, s2 + o, h2 + o, n, act);
    gemmNT(h2 + o, m, headT, 1, f + (<usize>r << 2), 4);
  }
}

/**
 * J·v for rows [r0, r1): da1 = E·V1, dh1 = s1 ⊙ da1, dh2 = s2 ⊙ (dh1·U2 + h1·V2),
 * df = dh2·Wout + h2·Vout. v is a direction of θ in internal order (V1, V2, head
 * [100, H]); vOutT its Wout column as a row (100 floats), wOutT θ's likewise.
 */
export function jvpRows(e: usize, r0: i32, r1: i32, theta: usize, wOutT: usize, v: usize, vOutT: usize, h1: usize, h2: usize, s1: usize, s2: usize, df: usize, scratch: usize): void {
  const u2 = theta + 10000 * 4, v1 = v, v2 = v + 10000 * 4;
  const t1 = scratch, t2 = scratch + <usize>BLOCK * ROW;
  for (let r = r0; r < r1; r += BLOCK) {
    const m = min(BLOCK, r1 - r), o = <usize>r * ROW, n = m * W;
    gemm(e + o, m, W, ROW, 4, v1, t1, 0);
    mulInto(t1, s1 + o, n);
    gemm(t1, m, W, ROW, 4, u2, t2, 0);
    gemm(h1 + o, m, W, ROW, 4, v2, t2, 1);
    mulInto(t2, s2 + o, n);
    for (let i = 0; i < m; i++) {
      const q = <usize>i * ROW;
      store<f32>(df + (<usize>(r + i) << 2), dot1x1(t2 + q, wOutT) + dot1x1(h2 + o + q, vOutT));
    }
  }
}

// ---------------------------------------------------------------------------------
// One mini-batch: forward with its intermediates, the loss's derivative with respect
// to the head outputs, the hand-written backward pass (batchLoss.ts's, op for op), the
// gradient of θ in internal order.

/**
 * Gradient of L = rep·Σ_b (f_b − t_b)² + task·Σ_b CE(scores_b / T, y_b) for the batch's
 * embeddings e [B, 100], targets t [B] and (H > 1) labels [B] (i32 class indices).
 * scratch: 8·B·100 + 3·100·H floats. Returns nothing; writes g [N].
 */
export function batchGradient(e: usize, b: i32, theta: usize, hw: i32, act: i32, targets: usize, labels: usize, rep2: f32, temp: f32, taskOverT: f32, g: usize, scratch: usize): void {
  const bw = <usize>b * ROW;
  const a1 = scratch, h1 = a1 + bw, a2 = h1 + bw, h2 = a2 + bw, d2 = h2 + bw, d1 = d2 + bw;
  const headT = d1 + bw, dHeadT = headT + <usize>hw * ROW, out = dHeadT + <usize>hw * ROW, dOut = out + <usize>(b * hw) * 4;
  const u1 = theta, u2 = theta + 10000 * 4, head = theta + 20000 * 4;
  const n = b * W;
  // Forward.
  gemm(e, b, W, ROW, 4, u1, a1, 0);
  activate(a1, h1, n, act);
  gemm(h1, b, W, ROW, 4, u2, a2, 0);
  activate(a2, h2, n, act);
  transposeHead(head, hw, headT);
  gemmNT(h2, b, headT, hw, out, <usize>hw << 2);
  // dL/d(head outputs): 2·rep·(f − t) in column 0; (softmax(scores/T) − y)·task/T in 1..H.
  for (let r = 0; r < b; r++) {
    const o = out + <usize>(r * hw) * 4, d = dOut + <usize>(r * hw) * 4;
    store<f32>(d, (load<f32>(o) - load<f32>(targets + (<usize>r << 2))) * rep2);
    if (hw > 1) {
      let mx = -Infinity as f32;
      for (let c = 1; c < hw; c++) mx = max(mx, load<f32>(o + (<usize>c << 2)) / temp);
      let sum: f32 = 0;
      for (let c = 1; c < hw; c++) {
        const ex = f32x4.extract_lane(expNeg(f32x4.splat(load<f32>(o + (<usize>c << 2)) / temp - mx)), 0);
        store<f32>(d + (<usize>c << 2), ex);
        sum += ex;
      }
      const y = load<i32>(labels + (<usize>r << 2)) + 1;
      for (let c = 1; c < hw; c++) {
        const p = load<f32>(d + (<usize>c << 2)) / sum;
        store<f32>(d + (<usize>c << 2), (p - (c == y ? <f32>1 : <f32>0)) * taskOverT);
      }
    }
  }
  // Backward: dHead = h2ᵀ·dOut (as [H, 100]), dh2 = dOut·headᵀ, da2 = dh2 ⊙ σ'(a2),
  // dU2 = h1ᵀ·da2, dh1 = da2·U2ᵀ, da1 = dh1 ⊙ σ'(a1), dU1 = eᵀ·da1.
  const hb = <usize>hw << 2;
  gemm(dOut, hw, b, 4, hb, h2, dHeadT, 0);
  untransposeHead(dHeadT, hw, g + 20000 * 4);
  gemm(dOut, b, hw, hb, 4, headT, d2, 0);
  timesSlope(d2, a2, h2, n, act);
  gemm(h1, W, b, 4, ROW, d2, g + 10000 * 4, 0);
  gemmNT(d2, b, u2, W, d1, ROW);
  timesSlope(d1, a1, h1, n, act);
  gemm(e, W, b, 4, ROW, d1, g, 0);
}

// ---------------------------------------------------------------------------------
// Optimiser updates, PyTorch semantics as in src/engine/train/optimizers/*.ts, op for
// op in float32 (each scalar computed by the host in float64 and rounded once, as tfjs
// does with a JS number). n floats, a multiple of 4.

export const OPT_SGD: i32 = 0;
export const OPT_MOMENTUM: i32 = 1;
export const OPT_ADAM: i32 = 2;
export const OPT_ADAGRAD: i32 = 3;
export const OPT_ADAMAX: i32 = 4;
export const OPT_RMSPROP: i32 = 5;

/**
 * sgd:      θ ← θ − g·p0                                  (p0 = lr)
 * momentum: b ← b·p1 + g; θ ← θ − b·p0                     (p1 = ρ)
 * adam:     m ← m·p1 + g·p2; v ← v·p3 + g²·p4;
 *           θ ← θ − (m / (√v / p5 + p6))·p0                (p0 = lr/(1−β₁ᵗ), p2 = 1−β₁, p3 = β₂, p4 = 1−β₂, p5 = √(1−β₂ᵗ), p6 = ε)
 * adagrad:  s ← s + g²; θ ← θ − (g / (√s + p6))·p0
 * adamax:   m ← m·p1 + g·p2; u ← max(u·p3, |g| + p6); θ ← θ − (m / u)·p0   (p0 = lr/(1−β₁ᵗ))
 * rmsprop:  v ← v·p1 + g²·p2; θ ← θ − (g / (√v + p6))·p0  (p1 = α, p2 = 1−α)
 */
export function update(kind: i32, theta: usize, g: usize, s1: usize, s2: usize, n: i32, p0: f32, p1: f32, p2: f32, p3: f32, p4: f32, p5: f32, p6: f32): void {
  const end = <usize>n << 2;
  const c0 = f32x4.splat(p0), c1 = f32x4.splat(p1), c2 = f32x4.splat(p2), c3 = f32x4.splat(p3);
  const c4 = f32x4.splat(p4), c5 = f32x4.splat(p5), c6 = f32x4.splat(p6);
  if (kind == OPT_SGD) {
    for (let o: usize = 0; o < end; o += 16) v128.store(theta + o, f32x4.sub(v128.load(theta + o), f32x4.mul(v128.load(g + o), c0)));
  } else if (kind == OPT_MOMENTUM) {
    for (let o: usize = 0; o < end; o += 16) {
      const b = f32x4.add(f32x4.mul(v128.load(s1 + o), c1), v128.load(g + o));
      v128.store(s1 + o, b);
      v128.store(theta + o, f32x4.sub(v128.load(theta + o), f32x4.mul(b, c0)));
    }
  } else if (kind == OPT_ADAM) {
    for (let o: usize = 0; o < end; o += 16) {
      const gv = v128.load(g + o);
      const m = f32x4.add(f32x4.mul(v128.load(s1 + o), c1), f32x4.mul(gv, c2));
      const v = f32x4.add(f32x4.mul(v128.load(s2 + o), c3), f32x4.mul(f32x4.mul(gv, gv), c4));
      v128.store(s1 + o, m);
      v128.store(s2 + o, v);
      const denom = f32x4.add(f32x4.div(f32x4.sqrt(v), c5), c6);
      v128.store(theta + o, f32x4.sub(v128.load(theta + o), f32x4.mul(f32x4.div(m, denom), c0)));
    }
  } else if (kind == OPT_ADAGRAD) {
    for (let o: usize = 0; o < end; o += 16) {
      const gv = v128.load(g + o);
      const s = f32x4.add(v128.load(s1 + o), f32x4.mul(gv, gv));
      v128.store(s1 + o, s);
      v128.store(theta + o, f32x4.sub(v128.load(theta + o), f32x4.mul(f32x4.div(gv, f32x4.add(f32x4.sqrt(s), c6)), c0)));
    }
  } else if (kind == OPT_ADAMAX) {
    for (let o: usize = 0; o < end; o += 16) {
      const gv = v128.load(g + o);
      const m = f32x4.add(f32x4.mul(v128.load(s1 + o), c1), f32x4.mul(gv, c2));
      const u = f32x4.max(f32x4.mul(v128.load(s2 + o), c3), f32x4.add(f32x4.abs(gv), c6));
      v128.store(s1 + o, m);
      v128.store(s2 + o, u);
      v128.store(theta + o, f32x4.sub(v128.load(theta + o), f32x4.mul(f32x4.div(m, u), c0)));
    }
  } else {
    for (let o: usize = 0; o < end; o += 16) {
      const gv = v128.load(g + o);
      const v = f32x4.add(f32x4.mul(v128.load(s1 + o), c1), f32x4.mul(f32x4.mul(gv, gv), c2));
      v128.store(s1 + o, v);
      v128.store(theta + o, f32x4.sub(v128.load(theta + o), f32x4.mul(f32x4.div(gv, f32x4.add(f32x4.sqrt(v), c6)), c0)));
    }
  }
}
