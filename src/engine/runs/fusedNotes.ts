import { fusedArchitectureGap } from '../fused/activeKernel';
import { architectureOf } from '../models/modelSpec';
import type { PaperConfig } from '../scenarios/paperConfig';

/**
 * What of a paper arm's config the fused kernels do not hold, each as a note for the
 * run's log (that part runs on tfjs, the rest fused): weight normalisation, the
 * scale-free losses and live targets of gradient training, mini-batch hill-climbing.
 */
export function fusedNotes(c: PaperConfig): string[] {
  const notes: string[] = [];
  const arch = fusedArchitectureGap(architectureOf(c.model));
  if (arch) notes.push(`${arch} (every pass of this arm)`);
  const trains = c.method === 'optimise' || (c.method === 'regenerate' && c.regeneration.optimisationEpochs > 0);
  if (trains && c.loss.replication !== 'sse') notes.push(`replication loss "${c.loss.replication}" trains on tfjs`);
  if (trains && c.loss.targets !== 'snapshot') notes.push(`targets "${c.loss.targets}" train on tfjs`);
  if (c.method === 'hill-climb') notes.push('mini-batch hill-climbing judges its proposals on tfjs (its full passes are fused)');
  return notes;
}
