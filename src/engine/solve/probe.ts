import { correlation, replicationMetrics, type MetricBlock } from '../metrics/replicationMetrics';
import type { Stream } from '../random/streams';
import { regenerated, type RegenerationRule } from '../train/regeneration';
import { hessenbergEigenvalues, modulus, ritzResidual, type Eigenvalue } from './eigen';
import { arnoldi } from './krylov';
import { axpy, dot, norm, scaled } from './vectors';

/**
 * The regeneration spectrum probe (SPEC, "Beyond the paper"): why a quine does or does
 * not survive being regenerated. At θ with R(θ) = f_θ(·) and J its Jacobian:
 * - the radial gain ⟨Jθ̂, θ̂⟩: ≈ 3 for SELU quines (f_{sθ} ≈ s³f_θ), exactly 3κ for
 *   relu/linear, 0 under weight normalisation; above 1 the quine's own direction
 *   grows (plain regeneration loses it by blowing up or shrinking to zero);
 * - the eigenvalues of J and of its tangent part P·J·P (P = I − θ̂θ̂ᵀ) of largest
 *   modulus, as Ritz values of an Arnoldi factorisation built from JVPs. At a fixed
 *   point the Jacobian of projective regeneration is θ̂θ̂ᵀ + P·J (block triangular:
 *   eigenvalue 1 for the conserved scale, the rest those of P·J·P), and damping β maps
 *   each tangent μ to 1 − β + βμ: the error multipliers per generation follow;
 * - the replication half-life: the smallest k with corr(R^kθ, θ) below a threshold,
 *   regenerating exactly as runs do (float32 θ, the one `regenerated` rule), under
 *   plain, projective and damped projective regeneration.
 */

/** The map probed: R(θ) and its linearisation (a QuineMap; a plain interface so tests can probe known linear maps). */
export interface ProbedMap {
  readonly n: number;
  regenerate(theta: Float64Array): Float64Array;
  linearise(theta: Float64Array): { f: Float64Array; jvp: (v: Float64Array) => Float64Array; dispose: () => void };
}

export interface ProbeOptions {
  /** Arnoldi dimension (JVPs) for each spectrum. */
  krylov: number;
  /** Eigenvalues reported per spectrum, by modulus. */
  top: number;
  /** Regenerations tried per rule for the half-life. */
  generations: number;
  /** corr(R^kθ, θ) below this: the quine is lost. */
  threshold: number;
}

export const PROBE_DEFAULTS: ProbeOptions = { krylov: 40, top: 6, generations: 200, threshold: 0.9 };

export interface RitzValue extends Eigenvalue {
  modulus: number;
  /** ‖A·x − λx‖ for the unit Ritz vector x: small against |λ| when converged. */
  residual: number;
}

export interface Spectrum {
  /** Krylov dimension actually built (less than asked when the space became invariant). */
  krylov: number;
  /** The largest Ritz values by modulus. */
  top: RitzValue[];
  /** All Ritz values (for the multipliers derived from them). */
  all: Eigenvalue[];
}

/** The regenerations the half-life is measured under. */
export const PROBE_RULES: { name: 'plain' | 'projective' | 'damped'; rule: RegenerationRule }[] = [
  { name: 'plain', rule: { normalise: 'none', beta: 1 } },
  { name: 'projective', rule: { normalise: 'global', beta: 1 } },
  { name: 'damped', rule: { normalise: 'global', beta: 0.5 } },
];

export interface HalfLife {
  rule: 'plain' | 'projective' | 'damped';
  /** Smallest k with corr(R^kθ, θ) < threshold (or θ no longer finite); null: kept for every generation tried. */
  generations: number | null;
  /** corr(R^kθ, θ) for k = 1, 2, … up to the loss (or the last generation tried). */
  corr: number[];
  /** ‖R^kθ‖ / ‖θ‖ at the last generation computed. */
  normRatio: number;
  /** The linearisation's prediction of the error's growth per generation: max |multiplier| over the Ritz values. */
  predictedGrowth: number;
}

export interface ProbeReport {
  n: number;
  /** r2 of f_θ against θ, κ = ⟨f, θ⟩/⟨θ, θ⟩ and rms θ, for reading the rest. */
  r2: number;
  gain: number;
  rmsTheta: number;
  radialGain: number;
  spectrum: Spectrum;
  tangentSpectrum: Spectrum;
  halfLives: HalfLife[];
  options: ProbeOptions;
}

/** The Ritz values of an operator from a start vector: Arnoldi, then the Hessenberg QR. */
export function ritzSpectrum(apply: (v: Float64Array) => Float64Array, start: Float64Array, krylov: number, top: number): Spectrum {
  const a = arnoldi(apply, start, krylov);
  const m = a.m;
  const all = m > 0 ? hessenbergEigenvalues(a.h, m) : [];
  // A breakdown means the space is invariant: the Ritz values are exact eigenvalues.
  const sub = a.breakdown ? 0 : a.h[m]?.[m - 1] ?? 0;
  const sorted = all.map((e) => ({ ...e, modulus: modulus(e) })).sort((x, y) => y.modulus - x.modulus || y.im - x.im);
  return { krylov: m, all, top: sorted.slice(0, top).map((e) => ({ ...e, residual: ritzResidual(a.h, m, sub, e) })) };
}

/** max |1 − β + βμ| over the eigenvalues μ: the error multiplier per generation of a damped map x ↦ (1 − β)x + βA·x. */
export function dampedGrowth(eigenvalues: readonly Eigenvalue[], beta: number): number {
  let g = 0;
  for (const e of eigenvalues) g = Math.max(g, Math.hypot(1 - beta + beta * e.re, beta * e.im));
  return g;
}

export function probeQuine(map: ProbedMap, theta: Float64Array, blocks: readonly MetricBlock[], rng: Stream, o: ProbeOptions = PROBE_DEFAULTS): ProbeReport {
  const n = map.n;
  const tt = dot(theta, theta);
  if (!(tt > 0) || !Number.isFinite(tt)) throw new Error('probe: θ is zero or not finite; there is no quine to probe');
  const unit = scaled(theta, 1 / Math.sqrt(tt));
  const lin = map.linearise(theta);
  let report: Omit<ProbeReport, 'halfLives'>;
  try {
    // The run's own metrics, in float64 on the float64 θ and f.
    const { r2, gain, rmsTheta } = replicationMetrics(lin.f, theta);
    const radialGain = dot(lin.jvp(unit), unit);
    // One start vector for both spectra, drawn from the probe's own stream.
    const start = new Float64Array(n);
    for (let i = 0; i < n; i++) start[i] = rng.normal();
    const project = (v: Float64Array): Float64Array => axpy(Float64Array.from(v), -dot(v, unit), unit);
    const spectrum = ritzSpectrum(lin.jvp, start, o.krylov, o.top);
    const tangentSpectrum = ritzSpectrum((v) => project(lin.jvp(project(v))), project(start), o.krylov, o.top);
    report = { n, r2, gain, rmsTheta, radialGain, spectrum, tangentSpectrum, options: o };
  } finally {
    lin.dispose();
  }
  const predicted = (rule: RegenerationRule): number =>
    rule.normalise === 'none' ? dampedGrowth(report.spectrum.all, rule.beta) : dampedGrowth(report.tangentSpectrum.all, rule.beta);
  const halfLives = PROBE_RULES.map(({ name, rule }) => ({ rule: name, ...halfLife(map, theta, blocks, rule, o), predictedGrowth: predicted(rule) }));
  return { ...report, halfLives };
}

/** Regenerate θ under a rule until corr(R^kθ, θ) falls below the threshold, in float32 as runs do. */
function halfLife(map: ProbedMap, theta0: Float64Array, blocks: readonly MetricBlock[], rule: RegenerationRule, o: ProbeOptions): Omit<HalfLife, 'rule' | 'predictedGrowth'> {
  let theta: Float32Array = Float32Array.from(theta0);
  const corr: number[] = [];
  const n0 = norm(theta0);
  for (let k = 1; k <= o.generations; k++) {
    const f = Float32Array.from(map.regenerate(Float64Array.from(theta)));
    theta = regenerated(theta, f, rule, blocks);
    const finite = theta.every(Number.isFinite);
    const c = finite ? correlation(theta, theta0) : Number.NaN;
    corr.push(c);
    if (!finite || !(c >= o.threshold)) return { generations: k, corr, normRatio: finite ? norm(Float64Array.from(theta)) / n0 : Number.NaN };
  }
  return { generations: null, corr, normRatio: norm(Float64Array.from(theta)) / n0 };
}
