import type { DeepPartial } from '../scenarios/paperConfig';
import { overlayConfig } from '../config/validate';
import type { EvolutionConfig } from './evolutionConfig';

export interface EvolutionPreset { name: string; title: string; summary: string; config: DeepPartial<EvolutionConfig> }

/** evo/genuine's config with `extra` laid over it. */
function genuine(extra: DeepPartial<EvolutionConfig> = {}): DeepPartial<EvolutionConfig> {
  const base: DeepPartial<EvolutionConfig> = {
    inheritance: 'germline',
    founders: { solve: 'newton', distinct: 2 },
    // β = 0.1: the founder quine's tangent spectrum (`quinarium probe`, seed 0) has 1.41 ± 2.42i,
    // Re > 1, so every damped projective rule diverges from it; the slowest at small β
    // (|1 − β + βμ| = 1.07 at β = 0.1, 1.90 at β = ½). 90 % of a child is θ copied directly.
    regeneration: { pairing: 'fixed', normalise: 'global', beta: 0.1 },
    selection: { replication: 'one-minus-r2' },
    // σ = 10⁻⁴ ≈ 0.3 % of the founders' RMS θ (0.035): 1 − r2 at birth grows by ≈ 11·(σ/RMS θ)² (README, what σ allows).
    mutation: { sigma: 1e-4 },
  };
  return overlayConfig(base, extra) as DeepPartial<EvolutionConfig>;
}

/** The three transmission controls of a design, as presets `<name>-zero-transmission` etc. */
function controls(name: string, design: (extra?: DeepPartial<EvolutionConfig>) => DeepPartial<EvolutionConfig>): EvolutionPreset[] {
  const what = {
    'zero-transmission': ['Control: nothing transmitted', "every child replaced by Gaussian noise of its parent's prediction's norm"],
    'cross-parent': ['Control: regenerated from a random other individual', 'each child regenerated from a uniformly random individual other than its selected parent'],
    'shuffled-parents': ['Control: selected parents shuffled among the children', 'the selected parents permuted among the children'],
  } as const;
  return (Object.keys(what) as (keyof typeof what)[]).map((control) => ({
    name: `${name}-${control}`,
    title: what[control][0],
    summary: `${name} with ${what[control][1]}`,
    config: design({ regeneration: { control } }),
  }));
}

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
    name: 'evo/genuine',
    title: 'Genuine-quine founders, germline, damped projective reproduction',
    summary: "founders solved into quines of the run's own reproduction map (one fixed seeded pairing of coordinates with training images, on which r2 is also measured), germline inheritance, children ‖θ‖·g/‖g‖ with g = 0.9·θ + 0.1·f_parent, selection on learned accuracy and −log10(1 − r2) of the genome (its children's transmission r2): does the population stay genuine?",
    config: genuine(),
  },
  {
    name: 'evo/innate',
    title: 'Genuine-quine founders, selection on accuracy at birth',
    summary: 'as evo/genuine, but selection sees the accuracy of the genome before learning (and its replication): does accuracy at birth rise above chance, and is it heritable?',
    config: genuine({ selection: { accuracy: 'innate' } }),
  },
  // Controls of evo/genuine: its founders, selection and genealogy, transmission broken.
  ...controls('evo/genuine', genuine),
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
