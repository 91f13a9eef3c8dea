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
];
