import { replicationMetrics } from '../metrics/replicationMetrics';
import { regenerated } from '../train/regeneration';
import { NEWTON_DEFAULTS, NewtonSolver } from './newton';
import type { ProbedMap } from './probe';
import { minus, norm } from './vectors';

/**
 * How a quine is solved from a start θ: damped projective regenerations, then
 * Newton–Krylov steps; with `continuation` stages, first on the map at t = 0, then on
 * the maps at t = 1/S, 2/S, …, 1, each started from the previous stage's quine.
 */
export interface SolveOptions {
  projective: number;
  beta: number;
  newtonSteps: number;
  krylov: number;
  continuation: number;
  /** An intermediate stage stops once ‖F‖ ≤ stageTolerance·‖θ‖ (the last one at the solver's own stopAt). */
  stageTolerance: number;
}

export interface SolveReport {
  /** r2 of f_θ against θ (float64, on the final map) at the start, after the projective stage and at the end. */
  r2Start: number;
  r2Projective: number;
  r2: number;
  /** ‖F(θ)‖/‖θ‖ at the end. */
  relativeResidual: number;
  /** Newton steps taken over all stages (a stage stops early once converged). */
  newtonSteps: number;
  /** r2 on each stage's own map after its Newton steps (one entry without continuation). */
  stages: { t: number; r2: number; steps: number }[];
  converged: boolean;
}

const r2Of = (map: ProbedMap, theta: Float64Array): number => replicationMetrics(map.regenerate(theta), theta).r2;

/** Newton–Krylov from θ on one map: at most `steps` steps, stopping once converged or once no step descends. */
function newton(map: ProbedMap, theta: Float64Array, steps: number, krylov: number, stopAt: number): { theta: Float64Array; steps: number } {
  const solver = new NewtonSolver(map, theta, { ...NEWTON_DEFAULTS, krylov, stopAt });
  let k = 0;
  for (; k < steps; k++) {
    const r = solver.step();
    if (r.converged || !r.accepted) break;
  }
  return { theta: solver.theta, steps: k };
}

/**
 * The quine/newton chain as one function on a family of quine maps `mapAt(t)`, t ∈ [0, 1]
 * (the vanilla quine's map for every t; an auxiliary quine's with the image half of the
 * embedding scaled by t, so mapAt(1) is the map on the real pairing and mapAt(0) the
 * blank-image one): `projective` damped projective regenerations θ ← ‖θ‖·g/‖g‖,
 * g = (1 − β)θ + βf_θ (which remove the radial mode and reach a quine up to its gain,
 * f = κθ), then Newton–Krylov on F(θ) = f_θ(·) − θ. Without continuation all of it runs
 * on mapAt(1). With S stages it runs on mapAt(0) — measured: on the auxiliary quine's
 * image-paired map the projective iteration oscillates (corr between −0.9 and 0.9,
 * gains ±40, 200 regenerations) and Newton from He init only shrinks θ, while with the
 * blank image it is the vanilla problem — and then follows the quine along t = 1/S … 1
 * with Newton from the previous stage's quine (homotopy continuation; intermediate stages
 * stop at a looser ‖F‖ ≤ stageTolerance·‖θ‖). Deterministic: no random draw.
 */
export function solveQuine(mapAt: (t: number) => ProbedMap, start: Float32Array, o: SolveOptions): { theta: Float32Array; report: SolveReport } {
  const final = mapAt(1);
  const r2Start = r2Of(final, Float64Array.from(start));
  const first = o.continuation > 0 ? mapAt(0) : final;
  let theta: Float32Array = Float32Array.from(start);
  const whole = [{ offset: 0, size: theta.length }];
  for (let k = 0; k < o.projective; k++) {
    theta = regenerated(theta, Float32Array.from(first.regenerate(Float64Array.from(theta))), { normalise: 'global', beta: o.beta }, whole);
  }
  let x: Float64Array = Float64Array.from(theta);
  const r2Projective = o.projective > 0 ? r2Of(final, x) : r2Start;
  const stages: SolveReport['stages'] = [];
  let steps = 0;
  const ts = o.continuation > 0 ? Array.from({ length: o.continuation + 1 }, (_, s) => s / o.continuation) : [1];
  for (const t of ts) {
    const map = t === 1 ? final : t === 0 ? first : mapAt(t);
    // An intermediate stage only has to stay on the branch (see founders.stageTolerance).
    const r = newton(map, x, o.newtonSteps, o.krylov, t === 1 ? NEWTON_DEFAULTS.stopAt : o.stageTolerance);
    x = r.theta;
    steps += r.steps;
    stages.push({ t, r2: r2Of(map, x), steps: r.steps });
  }
  const out = Float32Array.from(x);
  const x32 = Float64Array.from(out);
  const f = final.regenerate(x32);
  const relativeResidual = norm(minus(f, x32)) / norm(x32);
  const r2 = replicationMetrics(f, x32).r2;
  // Converged as the solver counts it, measured again on the float32 θ a run carries.
  return { theta: out, report: { r2Start, r2Projective, r2, relativeResidual, newtonSteps: steps, stages, converged: relativeResidual <= 1e-5 } };
}
