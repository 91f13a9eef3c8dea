import type { LaneSet } from '../lanes/laneSet';
import type { Evaluation } from '../metrics/evaluateLanes';

/**
 * Regeneration: θ ← f_θ(c) for all c at once, every prediction computed from the
 * same θ. Takes the predictions of an evaluation just made (the forward pass over
 * all coordinates is the same one), so regeneration costs no extra pass.
 */
export function regenerate(lanes: LaneSet, evaluations: Evaluation[]): void {
  lanes.setCanonical(evaluations.map((e) => Float32Array.from(e.predictions)));
}
