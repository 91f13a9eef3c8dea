import { arnoldi, combine, dampedLeastSquares } from './krylov';
import type { ProbedMap } from './probe';
import { axpy, minus, norm } from './vectors';

/**
 * Newton–Krylov on the quine condition F(θ) = f_θ(·) − θ = 0 (SPEC, "Beyond the
 * paper"): each step builds a Krylov space of (J − I) from −F with Jacobian-vector
 * products of the tangent pass, then takes the Levenberg–Marquardt step in that space,
 * min ‖F + (J − I)δ‖² + μ‖δ‖², raising μ until ‖F‖ falls. A step that no μ makes
 * descend is retried once from the same θ with a Krylov space twice as large (a
 * restart); μ falls again after every accepted step.
 */
export interface NewtonOptions {
  /** Krylov dimension per step (JVPs per step, at most). */
  krylov: number;
  /** GMRES stops early once its linear residual is below tolerance·‖F‖. */
  tolerance: number;
  /** Initial Levenberg–Marquardt damping μ (0 = plain Newton–GMRES). */
  damping: number;
  /** Damping increases (×10 each) tried before a restart. */
  maxTries: number;
  /**
   * Converged once ‖F‖ ≤ stopAt·‖θ‖: below ~1e-6 the float32 network's own rounding
   * is the residual (measured: vanilla quines floor at ‖F‖/‖θ‖ ≈ 1e-7–3e-6), and
   * further steps only chase it.
   */
  stopAt: number;
}

export const NEWTON_DEFAULTS: NewtonOptions = { krylov: 40, tolerance: 1e-4, damping: 1e-4, maxTries: 8, stopAt: 1e-6 };

/** What one Newton step did, as a metrics row reports it. */
export interface NewtonReport {
  /** ‖F‖ before and after the step (float64). */
  residualBefore: number;
  residual: number;
  /** Krylov dimension used (JVPs), over all attempts of the step. */
  iterations: number;
  /** μ of the accepted step (or the last one tried). */
  damping: number;
  accepted: boolean;
  /** Restarts taken (0 or 1). */
  restarts: number;
  /** ‖F‖ ≤ stopAt·‖θ‖ before the step: nothing was done. */
  converged: boolean;
}

/** A lane's solver: its θ in float64 (kept between steps: rounding θ to float32 each step would floor ‖F‖) and its damping. */
export class NewtonSolver {
  private mu: number;

  constructor(private readonly map: ProbedMap, public theta: Float64Array, private readonly o: NewtonOptions = NEWTON_DEFAULTS) {
    this.mu = o.damping;
  }

  /** The Levenberg–Marquardt μ the next step starts from (a paper run's checkpoint saves and restores it). */
  get damping(): number { return this.mu; }
  set damping(mu: number) { this.mu = mu; }

  /** ‖F(θ)‖ = ‖f_θ(·) − θ‖. */
  private residualAt(theta: Float64Array): number {
    return norm(minus(this.map.regenerate(theta), theta));
  }

  step(): NewtonReport {
    const lin = this.map.linearise(this.theta);
    try {
      const F = minus(lin.f, this.theta);
      const before = norm(F);
      if (before <= this.o.stopAt * norm(this.theta)) return { residualBefore: before, residual: before, iterations: 0, damping: this.mu, accepted: false, restarts: 0, converged: true };
      let iterations = 0;
      for (let restart = 0; restart < 2; restart++) {
        const dim = this.o.krylov * (restart + 1);
        const minusF = F.map((x) => -x);
        const apply = (v: Float64Array) => minus(lin.jvp(v), v);
        const space = arnoldi(apply, minusF, dim, (a) => dampedLeastSquares(a, 0).residual <= this.o.tolerance * before);
        iterations += space.m;
        let mu = this.mu;
        for (let t = 0; t <= this.o.maxTries; t++) {
          const { y } = dampedLeastSquares(space, mu);
          const trial = axpy(Float64Array.from(this.theta), 1, combine(space, y));
          const r = this.residualAt(trial);
          if (Number.isFinite(r) && r < before) {
            this.theta = trial;
            this.mu = mu / 10 < 1e-12 ? 0 : mu / 10;
            return { residualBefore: before, residual: r, iterations, damping: mu, accepted: true, restarts: restart, converged: false };
          }
          mu = mu === 0 ? 1e-4 : mu * 10;
        }
        this.mu = mu;
      }
      return { residualBefore: before, residual: before, iterations, damping: this.mu, accepted: false, restarts: 1, converged: false };
    } finally {
      lin.dispose();
    }
  }
}
