import { ConfigError } from '../config/errors';
import { defineSchema, type Infer } from '../config/schema';
import { validateConfig, type ConfigRule } from '../config/validate';
import { INIT_SCHEMES } from '../models/modelSpec';
import { OPTIMIZER_NAMES } from '../train/optimizers/registry';
import { SELECTION_METHODS } from './selection/registry';
import { REGENERATION_NORMALISE } from '../train/regeneration';

/** Where a child comes from: its parent after lifetime learning, or its parent's untrained genome. */
export const INHERITANCE = ['lamarckian', 'germline'] as const;
/** How a regenerating parent's x_c are chosen: drawn afresh per regeneration, or one fixed seeded pairing for the whole run. */
export const REGENERATION_PAIRINGS = ['drawn', 'fixed'] as const;
/** Where the founders come from: fresh weights of `init`, or each solved into a quine of the run's reproduction map. */
export const FOUNDER_SOLVERS = ['none', 'newton'] as const;
/** Null models of transmission (issue 9): each keeps selection and the recorded genealogy but breaks what passes from parent to child. */
export const REPRODUCTION_CONTROLS = ['none', 'zero-transmission', 'cross-parent', 'shuffled-parents'] as const;

/**
 * The config of an evolution run. One schema: type, defaults, CLI flags
 * (`--selection-method pareto`), the app's form and validation errors.
 */
export const evolutionConfigSchema = defineSchema({
  population: { kind: 'number', integer: true, min: 2, max: 1024, default: 32, label: 'Population', help: 'individuals per generation (one lane each)' },
  generations: { kind: 'number', integer: true, min: 1, max: 1_000_000, default: 40, label: 'Generations', help: 'generations to run' },
  seed: { kind: 'number', integer: true, min: 0, max: 2 ** 31 - 1, default: 0, label: 'Seed', help: 'run seed; every random draw derives from it' },
  init: { kind: 'enum', values: INIT_SCHEMES, default: 'he', label: 'Founder init', help: 'initialisation of the founders' },
  founders: {
    kind: 'object', label: 'Founders', help: 'where generation 0 comes from',
    fields: {
      from: {
        kind: 'string', default: '', flag: 'founders', label: 'From checkpoints',
        help: "comma-separated checkpoints to load the founders from (a quine checkpoint directory, a folder of them, or an evolution run directory: its saved founders); mutated copies fill the population when there are fewer; their projections and pairing must be this run's ('' = fresh founders)",
      },
      solve: {
        kind: 'enum', values: FOUNDER_SOLVERS, default: 'none', label: 'Solve',
        help: "newton: before generation 0, solve each distinct founder into a quine of this run's own reproduction map (damped projective regenerations and Newton–Krylov, continued from the blank image to the run's pairing; loaded founders: Newton only), needs regeneration.pairing fixed",
      },
      distinct: { kind: 'number', integer: true, min: 0, default: 0, label: 'Distinct founders', help: 'founders drawn (and solved) independently; the rest of the population are mutated copies of them in turn (0 = all)' },
      projective: { kind: 'number', integer: true, min: 0, max: 10_000, default: 30, label: 'Projective steps', help: 'damped projective regenerations before the Newton steps (on the blank-image map when continuing)' },
      beta: { kind: 'number', min: 0, max: 1, exclusiveMin: true, default: 0.5, label: 'Projective β', help: 'damping of those regenerations, g = (1 − β)·θ + β·f_θ' },
      newtonSteps: { kind: 'number', integer: true, min: 0, max: 1000, default: 10, label: 'Newton steps', help: 'Newton–Krylov steps at most per continuation stage (each stage stops early once converged)' },
      continuation: {
        kind: 'number', integer: true, min: 0, max: 1000, default: 10, label: 'Continuation stages',
        help: "solve first with the blank image, then follow the quine as the image half of the embedding grows to the run's own pairing in this many stages (0 = solve on the run's map directly)",
      },
      stageTolerance: {
        kind: 'number', min: 0, max: 1, exclusiveMin: true, default: 1e-2, label: 'Stage tolerance',
        help: 'an intermediate continuation stage stops once ‖F‖ ≤ this·‖θ‖: it only has to stay on the branch (1e-2 ≈ r2 0.9999; measured, 4 steps a stage kept r2 ≥ 0.989 at every stage)',
      },
      krylov: { kind: 'number', integer: true, min: 1, max: 500, default: 40, label: 'Krylov dimension', help: 'Jacobian-vector products per Newton step (doubled on a restart)' },
    },
  },
  inheritance: {
    kind: 'enum', values: INHERITANCE, default: 'lamarckian', label: 'Inheritance',
    help: 'lamarckian: a child is regenerated from its parent after its lifetime learning; germline: lifetime learning trains a soma copy, the child is regenerated from the untrained genome',
  },
  lifetime: {
    kind: 'object', label: 'Lifetime learning', help: 'optimisation on L_aux during each generation',
    fields: {
      steps: { kind: 'number', integer: true, min: 0, max: 100_000, default: 100, label: 'Steps S', help: 'optimiser steps per generation (0 = pure neuroevolution)' },
      optimizer: { kind: 'enum', values: OPTIMIZER_NAMES, default: 'adamax', label: 'Optimiser', help: 'PyTorch semantics; state reset at each generation' },
      lr: { kind: 'number', min: 0, default: 0, label: 'Learning rate', help: "0 = the optimiser's default" },
      batchSize: { kind: 'number', integer: true, min: 1, max: 1000, default: 100, label: 'Mini-batch', help: '(coordinate, training image) pairs per step' },
      lambda: { kind: 'number', min: 0, default: 0.01, label: 'λ', help: 'L_aux = L_SR + λ·Σ CE' },
    },
  },
  evaluation: {
    kind: 'object', label: 'Evaluation', help: 'fitness measurements',
    fields: {
      validation: { kind: 'number', integer: true, min: 100, max: 30000, default: 10000, label: 'Validation images', help: 'held out from the end of the training set; selection never sees the test set' },
    },
  },
  selection: {
    kind: 'object', label: 'Selection', help: 'who reproduces and who survives',
    fields: {
      method: { kind: 'enum', values: SELECTION_METHODS, default: 'tournament', label: 'Method', help: 'the selection operator (weighted is linear ranking, pareto is NSGA-II Pareto ranking for mating with elites, nsga2-mu-plus-lambda is NSGA-II\'s (μ+λ) survival: the front is kept)' },
      accuracy: { kind: 'enum', values: ['learned', 'innate'], default: 'learned', label: 'Accuracy selected', help: 'learned: after lifetime learning; innate: of the genome before it (at birth for a newborn)' },
      accuracyWeight: { kind: 'number', min: 0, default: 1, label: 'Accuracy weight', help: 'score = wa·accuracy − wr·log10(replication loss)' },
      replicationWeight: { kind: 'number', min: 0, default: 0.1, label: 'Replication weight', help: 'weight of −log10(replication loss) in the score' },
      replication: {
        kind: 'enum', values: ['lsr', 'one-minus-r2'], default: 'lsr', label: 'Replication loss',
        help: 'what selection minimises for replication (score term and Pareto objective): L_SR (the paper; a shrinking θ lowers it), or 1 − r2 (scale-free: a network that outputs 0 scores 1 whatever its L_SR)',
      },
      tournamentSize: { kind: 'number', relevantWhen: { field: 'selection.method', values: ['tournament'] }, integer: true, min: 2, default: 3, label: 'Tournament size', help: 'tournament only' },
      truncationFraction: { kind: 'number', relevantWhen: { field: 'selection.method', values: ['truncation'] }, min: 0, max: 1, exclusiveMin: true, default: 0.5, label: 'Truncation fraction', help: 'truncation only: top fraction allowed to reproduce' },
      elites: { kind: 'number', integer: true, min: 0, default: 2, label: 'Elites', help: 'best individuals that survive unchanged (nsga2-mu-plus-lambda keeps ⌈population/2⌉ instead)' },
      maxAge: { kind: 'number', integer: true, min: 0, default: 0, label: 'Max age', help: 'generations an individual may live, elites included (their slots go to children; under nsga2-mu-plus-lambda an aged-out survivor still reproduces); 0 = elites never age out' },
    },
  },
  mutation: {
    kind: 'object', label: 'Mutation', help: 'child = parent regeneration + Gaussian noise',
    fields: {
      sigma: { kind: 'number', min: 0, default: 0.002, label: 'σ', help: 'standard deviation of the mutation' },
      rate: { kind: 'number', min: 0, max: 1, default: 1, label: 'Rate', help: 'probability that a weight is mutated' },
    },
  },
  regeneration: {
    kind: 'object', label: 'Regeneration', help: "a child's weights are its parent's predictions f(c, x_c)",
    fields: {
      input: { kind: 'enum', values: ['train', 'blank', 'noise'], default: 'train', label: 'Auxiliary input x_c', help: 'training images from a seeded stream, a blank image, or uniform noise' },
      pairing: {
        kind: 'enum', values: REGENERATION_PAIRINGS, default: 'drawn', label: 'Pairing of x_c',
        help: 'drawn: each regeneration draws a training image per coordinate afresh; fixed: one seeded pairing of every coordinate with a training image for the whole run, on which L_SR, r2 and the other replication metrics are also measured (the one map reproduction applies, so a quine of it is a fixed point)',
      },
      normalise: { kind: 'enum', values: REGENERATION_NORMALISE, default: 'none', label: 'Normalise', help: "none: child = f_parent (the paper); global: rescaled to ‖θ_parent‖ (projective); per-block: each weight block to its parent's block norm" },
      beta: { kind: 'number', min: 0, max: 1, exclusiveMin: true, default: 1, label: 'Damping β', help: 'child = (1 − β)·θ_parent + β·f_parent before normalising (1 = undamped)' },
      control: {
        kind: 'enum', values: REPRODUCTION_CONTROLS, default: 'none', label: 'Control',
        help: 'a null model of transmission: zero-transmission (child = Gaussian noise with the norm of its parent\'s prediction), cross-parent (regenerated from a random other individual), shuffled-parents (from a selected parent other than its recorded one)',
      },
    },
  },
  checkpointEvery: { kind: 'number', integer: true, min: 1, default: 5, label: 'Checkpoint every', help: 'generations between checkpoints' },
  checkpointKeep: {
    kind: 'number', integer: true, min: 1, max: 10_000, default: 1, label: 'Checkpoints kept',
    help: "how many of the newest checkpoints stay on disk; each holds its living population's weights (about 84 kB an individual), which the app's inspector shows for past individuals",
  },
});

export type EvolutionConfig = Infer<typeof evolutionConfigSchema>;

/**
 * Most (coordinate, training image) pairs one lifetime may draw: steps × mini-batch.
 * The draws are made step by step inside the compute thread (lifetimeLearning), so
 * memory no longer grows with it; the bound is on time: 10⁷ pairs are 10⁵ steps of
 * 100 (the schema's most steps at the default batch), about a minute per individual
 * per generation here. Before, 10⁸ pairs were allocated up front (3.6 GB in 45 s at
 * population 2, issue 11).
 */
export const MAX_LIFETIME_PAIRS = 10_000_000;

/** The rules no single field's check can see, checked with the config (validateConfig). */
export const evolutionConfigRules: readonly ConfigRule<EvolutionConfig>[] = [
  {
    // A k-tournament draws k distinct individuals: population 2 with the default k = 3
    // ran generation 0 and then crashed in selection (issue 11).
    field: 'selection.tournamentSize',
    check: (c) => c.selection.method === 'tournament' && c.selection.tournamentSize > c.population
      ? `must be ≤ population (${c.population}) with selection.method "tournament", got ${c.selection.tournamentSize}`
      : null,
  },
  {
    field: 'lifetime.steps',
    check: (c) => c.lifetime.steps * c.lifetime.batchSize > MAX_LIFETIME_PAIRS
      ? `steps × lifetime.batchSize must be ≤ ${MAX_LIFETIME_PAIRS.toLocaleString('en-US')} (coordinate, image) pairs a lifetime, got ${c.lifetime.steps} × ${c.lifetime.batchSize} = ${(c.lifetime.steps * c.lifetime.batchSize).toLocaleString('en-US')}`
      : null,
  },
  {
    // A fixed pairing pairs each coordinate with one training image; blank or noise inputs have none to fix.
    field: 'regeneration.pairing',
    check: (c) => c.regeneration.pairing === 'fixed' && c.regeneration.input !== 'train'
      ? `"fixed" pairs coordinates with training images, so it needs regeneration.input "train", got "${c.regeneration.input}"`
      : null,
  },
  {
    // A quine is a fixed point of one map: without a fixed pairing there is no map to solve.
    field: 'founders.solve',
    check: (c) => c.founders.solve === 'newton' && c.regeneration.pairing !== 'fixed'
      ? `"newton" solves a quine of the run's reproduction map, which needs regeneration.pairing "fixed"`
      : null,
  },
  {
    field: 'founders.distinct',
    check: (c) => c.founders.distinct > c.population ? `${c.founders.distinct} distinct founders do not fit a population of ${c.population}` : null,
  },
];

/** `input` checked against the schema and the rules; `where` names the root in messages. */
export function validateEvolutionConfig(input: unknown, where: string): EvolutionConfig {
  return validateConfig(evolutionConfigSchema, input, where, evolutionConfigRules);
}

/**
 * Training images left for lifetime learning once `validation` images are held out for
 * selection: at least one, or the config is refused (before any run directory exists).
 */
export function trainingImagesLeft(trainImages: number, validation: number, where = 'config'): number {
  if (validation >= trainImages) {
    throw new ConfigError(`${where}.evaluation.validation`, `${where}.evaluation.validation: must be below the ${trainImages} training images (some must be left for lifetime learning), got ${validation}`);
  }
  return trainImages - validation;
}
