import { replicationMetrics } from '../metrics/replicationMetrics';
import { regenerated } from '../train/regeneration';
import { NEWTON_DEFAULTS, NewtonSolver } from './newton';
import type { ProbedMap } from './probe';
import { minus, norm } from './vectors';

/** How a quine is solved from a start θ: damped projective regenerations, then Newton–Krylov steps. */
export interface SolveOptions { projective: number; beta: number; newtonSteps: number; krylov: number }

export interface SolveReport {
  /** r2 of f_θ against θ (float64) at the start, after the projective stage and at the end. */
  r2Start: number;
  r2Projective: number;
  r2: number;
  /** ‖F(θ)‖/‖θ‖ at the end. */
  relativeResidual: number;
  /** Newton steps taken (fewer than asked once converged). */
  newtonSteps: number;
  converged: boolean;
}

const r2Of = (map: ProbedMap, theta: Float64Array): number => replicationMetrics(map.regenerate(theta), theta).r2;

/**
 * The quine/newton chain as one function on any quine map (the vanilla quine's, or an
 * auxiliary quine's on a fixed pairing of coordinates with images): `projective` damped
 * projective regenerations θ ← ‖θ‖·g/‖g‖, g = (1 − β)θ + βf_θ (which remove the radial
 * mode and converge to a quine up to its gain, f = κθ, when every tangent multiplier
 * 1 − β + βμ is inside the unit circle: the auxiliary map's large negative μ need β ≈ 0.1),
 * then Newton–Krylov on F(θ) = f_θ(·) − θ until ‖F‖ ≤ stopAt·‖θ‖ or `newtonSteps` steps.
 * Deterministic: no random draw.
 */
export function solveQuine(map: ProbedMap, start: Float32Array, o: SolveOptions): { theta: Float32Array; report: SolveReport } {
  const r2Start = r2Of(map, Float64Array.from(start));
  let theta: Float32Array = Float32Array.from(start);
  const whole = [{ offset: 0, size: theta.length }];
  for (let k = 0; k < o.projective; k++) {
    theta = regenerated(theta, Float32Array.from(map.regenerate(Float64Array.from(theta))), { normalise: 'global', beta: o.beta }, whole);
  }
  const r2Projective = o.projective > 0 ? r2Of(map, Float64Array.from(theta)) : r2Start;
  const solver = new NewtonSolver(map, Float64Array.from(theta), { ...NEWTON_DEFAULTS, krylov: o.krylov });
  let steps = 0;
  let converged = false;
  for (; steps < o.newtonSteps; steps++) {
    const r = solver.step();
    if (r.converged) {
      converged = true;
      break;
    }
    // Neither a descent step nor a restart helped: more steps would only repeat it.
    if (!r.accepted) break;
  }
  const out = Float32Array.from(solver.theta);
  const x = Float64Array.from(out);
  const f = map.regenerate(x);
  const relativeResidual = norm(minus(f, x)) / norm(x);
  if (!converged && relativeResidual <= NEWTON_DEFAULTS.stopAt) converged = true;
  return { theta: out, report: { r2Start, r2Projective, r2: replicationMetrics(f, x).r2, relativeResidual, newtonSteps: steps, converged } };
}
