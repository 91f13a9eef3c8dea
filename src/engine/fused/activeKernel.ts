import type { Architecture, Activation } from '../models/modelSpec';
import type { Kernel } from './kernel';

/**
 * The fused kernels of this thread while the `fused` backend is selected (see
 * backend/selectBackend.ts), else null: the engine's hot paths ask here and take the
 * tfjs path when there are none.
 */
let active: Kernel | null = null;

export function activeKernel(): Kernel | null { return active; }
export function setActiveKernel(kernel: Kernel | null): void { active = kernel; }

/** The kernels' activation codes (kernels/quine.ts ACT_*). */
export const ACTIVATION_CODES: Record<Activation, number> = { selu: 0, relu: 1, 'leaky-relu': 2, linear: 3 };

/**
 * Why an architecture cannot run fused, or null when it can. Weight normalisation is
 * not in the kernels: those networks take the tfjs path (the run's log says so).
 */
export function fusedArchitectureGap(arch: Architecture): string | null {
  return arch.weightNorm === 'none' ? null : `weight normalisation "${arch.weightNorm}" runs on tfjs`;
}

/** The active kernel if `arch` runs on it. */
export function kernelFor(arch: Architecture): Kernel | null {
  return active && fusedArchitectureGap(arch) === null ? active : null;
}
