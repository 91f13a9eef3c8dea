import type { DeepPartial } from '../scenarios/paperConfig';
import type { EvolutionConfig } from './evolutionConfig';

export interface EvolutionPreset { name: string; title: string; summary: string; config: DeepPartial<EvolutionConfig> }

/** The evolution presets; README describes what each shows. */
export const evolutionPresets: EvolutionPreset[] = [
  {
    name: 'evo/default',
    title: 'Selection on accuracy and replication',
    summary: 'tournament selection on accuracy − 0.1·log10 L_SR with lifetime learning: accuracy is relearned each lifetime while the population shrinks to the zero quine (r2 ≈ 0)',
    config: {},
  },
  {
    name: 'evo/task-only',
    title: 'Selection on accuracy only',
    summary: 'replication is not selected for: does replication decay, as the paper suggests?',
    config: { selection: { replicationWeight: 0 } },
  },
  {
    name: 'evo/replication-only',
    title: 'Selection on replication only',
    summary: 'only L_SR counts: does the population fall to the zero quine?',
    config: { selection: { accuracyWeight: 0, replicationWeight: 1 } },
  },
  {
    name: 'evo/pareto',
    title: 'Pareto selection (NSGA-II)',
    summary: 'non-dominated sorting with crowding over (accuracy ↑, L_SR ↓)',
    config: { selection: { method: 'pareto' } },
  },
  {
    name: 'evo/no-learning',
    title: 'Pure neuroevolution (S = 0)',
    summary: 'no lifetime learning: only regeneration, mutation and selection',
    config: { lifetime: { steps: 0 } },
  },
  {
    name: 'evo/scale-free',
    title: 'Selection on accuracy and scale-free replication',
    summary: 'as evo/default, with 1 − r2 in place of L_SR in the score: a shrinking θ no longer pays. Does the population still fall to the zero quine?',
    config: { selection: { replication: 'one-minus-r2' } },
  },
  {
    name: 'evo/baldwin',
    title: 'Germline inheritance, selection on learned accuracy',
    summary: 'lifetime learning trains a soma copy; children are regenerated from the untrained genome, rescaled to its norm (projective): does selection for learning show in learned accuracy while accuracy at birth stays at chance?',
    // Projective: plain regeneration of an untrained He genome multiplies its norm by ≈ 3 a
    // generation (the radial gain of quine/regeneration-he), which reached RMS θ 4.7·10³ by
    // generation 19 and left nothing to learn from (population 16, seed 0).
    config: { inheritance: 'germline', regeneration: { normalise: 'global' } },
  },
  {
    name: 'evo/innate',
    title: 'Germline inheritance, selection on accuracy at birth',
    summary: 'as evo/baldwin, but selection sees only the accuracy of the genome before learning: does accuracy at birth rise above chance, and is it heritable?',
    config: { inheritance: 'germline', selection: { accuracy: 'innate' }, regeneration: { normalise: 'global' } },
  },
  // Controls of evo/default (issue 9): each keeps its selection and recorded genealogy and breaks transmission.
  {
    name: 'evo/default-zero-transmission',
    title: 'Control: nothing transmitted',
    summary: "evo/default with every child replaced by Gaussian noise of its parent's prediction's norm: what evo/default reaches without inheriting anything",
    config: { regeneration: { control: 'zero-transmission' } },
  },
  {
    name: 'evo/default-cross-parent',
    title: 'Control: regenerated from a random other individual',
    summary: 'evo/default with each child regenerated from a uniformly random individual other than its selected parent: selection no longer reaches the weights',
    config: { regeneration: { control: 'cross-parent' } },
  },
  {
    name: 'evo/default-shuffled-parents',
    title: 'Control: selected parents shuffled among the children',
    summary: 'evo/default with the selected parents permuted among the children: the same parents reproduce as often, but the recorded parent is not the source',
    config: { regeneration: { control: 'shuffled-parents' } },
  },
];
