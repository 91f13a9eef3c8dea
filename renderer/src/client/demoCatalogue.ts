import type { FieldInfo, PresetInfo } from '../../../src/protocol/messages';

/** The presets the demo offers: the engine's names, so screenshots read like the real app. */
export const demoPresets: PresetInfo[] = [
  { name: 'evo/default', kind: 'evolution', title: 'Selection on accuracy and replication', summary: 'tournament selection on accuracy − 0.1·log10 L_SR with lifetime learning' },
  { name: 'evo/task-only', kind: 'evolution', title: 'Selection on accuracy only', summary: 'replication is not selected for' },
  { name: 'evo/pareto', kind: 'evolution', title: 'Pareto selection (NSGA-II)', summary: 'non-dominated sorting over (accuracy ↑, L_SR ↓)' },
  { name: 'paper/regeneration', kind: 'paper', title: 'Regeneration (Fig. 6)', summary: 'θ ← f_θ(c) alternated with optimisation' },
  { name: 'paper/auxiliary', kind: 'paper', title: 'Auxiliary MNIST quine (Fig. 8)', summary: 'L_SR + λ·CE with Adamax' },
  { name: 'paper/optimizers', kind: 'paper', title: 'Optimisers compared (Fig. 4)', summary: 'six optimisers on the vanilla quine' },
];

/** A subset of the evolution schema's fields, as `describeConfig` returns them. */
export const demoEvolutionFields: FieldInfo[] = [
  { path: 'population', kind: 'number', label: 'Population', help: 'individuals per generation', default: 32, min: 2, max: 1024, integer: true },
  { path: 'generations', kind: 'number', label: 'Generations', help: 'generations to run', default: 120, min: 1, max: 1_000_000, integer: true },
  { path: 'seed', kind: 'number', label: 'Seed', help: 'run seed', default: 0, min: 0, max: 2 ** 31 - 1, integer: true },
  { path: 'lifetime', kind: 'object', label: 'Lifetime learning', help: 'optimisation on L_aux during each generation' },
  { path: 'lifetime.steps', kind: 'number', label: 'Steps S', help: 'optimiser steps per generation', default: 100, min: 0, max: 100_000, integer: true },
  { path: 'lifetime.optimizer', kind: 'enum', label: 'Optimiser', help: 'PyTorch semantics', default: 'adamax', values: ['sgd', 'momentum', 'adam', 'adagrad', 'adamax', 'rmsprop'] },
  { path: 'selection', kind: 'object', label: 'Selection', help: 'who reproduces and who survives' },
  { path: 'selection.method', kind: 'enum', label: 'Method', help: 'selection operator', default: 'tournament', values: ['weighted', 'tournament', 'truncation', 'pareto'] },
  { path: 'selection.replicationWeight', kind: 'number', label: 'Replication weight', help: 'weight of −log10(L_SR) in the score', default: 0.1, min: 0 },
  { path: 'selection.elites', kind: 'number', label: 'Elites', help: 'best individuals that survive unchanged', default: 2, min: 0, integer: true },
  { path: 'mutation', kind: 'object', label: 'Mutation', help: 'child = parent regeneration + Gaussian noise' },
  { path: 'mutation.sigma', kind: 'number', label: 'σ', help: 'standard deviation of the mutation', default: 0.002, min: 0 },
  { path: 'mutation.rate', kind: 'number', label: 'Rate', help: 'probability that a weight is mutated', default: 1, min: 0, max: 1 },
  { path: 'regeneration', kind: 'object', label: 'Regeneration', help: "a child's weights are its parent's predictions" },
  { path: 'regeneration.input', kind: 'enum', label: 'Auxiliary input x_c', help: 'regeneration input', default: 'train', values: ['train', 'blank', 'noise'] },
  { path: 'regeneration.resetOptimizer', kind: 'boolean', label: 'Reset optimiser', help: 'demo only: a checkbox field', default: false },
];

export const demoPaperFields: FieldInfo[] = [
  { path: 'method', kind: 'enum', label: 'Training method', help: 'how the quine is trained', default: 'regenerate', values: ['none', 'optimise', 'hill-climb', 'regenerate', 'classifier'] },
  { path: 'optimizer', kind: 'enum', label: 'Optimiser', help: 'gradient optimiser', default: 'adamax', values: ['sgd', 'momentum', 'adam', 'adagrad', 'adamax', 'rmsprop'] },
  { path: 'epochs', kind: 'number', label: 'Epochs', help: 'optimisation epochs', default: 30, min: 0, max: 1_000_000, integer: true },
  { path: 'seeds', kind: 'number', label: 'Seeds', help: 'independent seeds run as lanes', default: 3, min: 1, max: 64, integer: true },
  { path: 'seed', kind: 'number', label: 'Seed', help: 'run seed', default: 0, min: 0, integer: true },
];
