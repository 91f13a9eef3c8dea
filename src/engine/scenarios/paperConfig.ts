import { ConfigError } from '../config/errors';
import { defineSchema, type Infer } from '../config/schema';
import { validateConfig } from '../config/validate';
import { paramLayout } from '../models/layout';
import { COORDINATE_ENCODINGS, EMBED_ACTIVATIONS, INIT_SCHEMES, MODEL_KINDS } from '../models/modelSpec';
import { OPTIMIZER_NAMES } from '../train/optimizers/registry';

/** A quine's weight count as the help text writes it (20,100). */
const weights = (kind: (typeof MODEL_KINDS)[number]): string => paramLayout(kind).count.toLocaleString('en-US');
/** The largest N of any quine: no mini-batch can be larger. */
const largestN = Math.max(...MODEL_KINDS.map((kind) => paramLayout(kind).count));

/**
 * The config of a paper run: one schema gives its type, its defaults, the CLI
 * flags, the app's form and the validation errors.
 */
export const paperConfigSchema = defineSchema({
  model: {
    kind: 'object', label: 'Model', help: 'Which quine and how it is built (SPEC.md)',
    fields: {
      kind: { kind: 'enum', values: MODEL_KINDS, default: 'vanilla', label: 'Quine', help: `vanilla (${weights('vanilla')} weights) or auxiliary MNIST quine (${weights('auxiliary')})` },
      init: { kind: 'enum', values: INIT_SCHEMES, default: 'torch-default', label: 'Initialisation', help: 'torch-default = U(±1/√fan_in); he = N(0, 2/fan_in)' },
      encoding: { kind: 'enum', values: COORDINATE_ENCODINGS, default: 'one-hot', label: 'Coordinate encoding', help: 'one-hot through a fixed projection (paper), or the scalar c/N (Fig. 2 ablation)' },
      embedActivation: { kind: 'enum', values: EMBED_ACTIVATIONS, default: 'none', label: 'Embedding activation', help: 'activation on the projected coordinate' },
    },
  },
  method: { kind: 'enum', values: ['none', 'optimise', 'hill-climb', 'regenerate', 'classifier'], default: 'optimise', label: 'Training method', help: 'none (measure only), gradient optimisation, hill-climbing, regeneration alternated with optimisation, or the classifier-only baseline' },
  optimizer: { kind: 'enum', values: OPTIMIZER_NAMES, default: 'adamax', label: 'Optimiser', help: 'gradient optimiser, PyTorch semantics and defaults' },
  lr: { kind: 'number', min: 0, default: 0, label: 'Learning rate', help: "0 = the optimiser's PyTorch default" },
  epochs: { kind: 'number', integer: true, min: 0, max: 1_000_000, default: 30, label: 'Epochs', help: 'optimisation epochs (generations for regeneration)' },
  batchSize: { kind: 'number', integer: true, min: 1, max: largestN, default: 10, label: 'Mini-batch size', help: 'coordinates per step; must divide N' },
  lambda: { kind: 'number', min: 0, default: 0.01, label: 'λ', help: 'weight of the cross-entropy in L_aux = L_SR + λ·Σ CE' },
  hillClimb: {
    kind: 'object', label: 'Hill-climbing', help: '(1+1) hill-climbing',
    fields: {
      variant: { kind: 'enum', values: ['minibatch', 'full'], default: 'minibatch', label: 'Variant', help: "minibatch (the paper's) or judged on the full L_SR" },
      sigma: { kind: 'number', min: 0, exclusiveMin: true, default: 1e-3, label: 'σ', help: 'standard deviation of the perturbation of every weight' },
      proposalsPerEpoch: { kind: 'number', integer: true, min: 1, default: 20, label: 'Proposals per epoch', help: 'full variant only' },
    },
  },
  regeneration: {
    kind: 'object', label: 'Regeneration', help: 'θ ← f_θ(c) after T optimisation epochs per generation',
    fields: {
      optimisationEpochs: { kind: 'number', integer: true, min: 0, default: 1, label: 'T', help: 'optimisation epochs per generation (0 = pure regeneration)' },
      resetOptimizer: { kind: 'boolean', default: false, label: 'Reset optimiser', help: 'reset the optimiser state at each regeneration' },
    },
  },
  seed: { kind: 'number', integer: true, min: 0, max: 2 ** 31 - 1, default: 0, label: 'Seed', help: 'run seed; lane k uses seed + k' },
  seeds: { kind: 'number', integer: true, min: 1, max: 64, default: 1, label: 'Seeds', help: 'independent seeds run as lanes of one computation' },
});

export type PaperConfig = Infer<typeof paperConfigSchema>;
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/**
 * `input` checked against the schema, then against the combinations of fields no
 * single field's check can see. `where` names the root in messages (`config`).
 */
export function validatePaperConfig(input: unknown, where: string): PaperConfig {
  const c = validateConfig(paperConfigSchema, input, where);
  // Regeneration writes f_θ(c) into θ, and the auxiliary quine's f_θ(c) depends on the
  // test image paired with coordinate c: the test set would leak into the weights.
  if (c.method === 'regenerate' && c.model.kind === 'auxiliary') {
    throw new ConfigError(`${where}.method`, `${where}.method: "regenerate" cannot be used with ${where}.model.kind "auxiliary" (regeneration would write its test-image-dependent predictions into θ)`);
  }
  // The classifier baseline trains only λ·Σ CE, and the vanilla quine has no classifier: it would train nothing.
  if (c.method === 'classifier' && c.model.kind !== 'auxiliary') {
    throw new ConfigError(`${where}.method`, `${where}.method: "classifier" needs ${where}.model.kind "auxiliary", got "${c.model.kind}" (the vanilla quine has no classifier to train)`);
  }
  return c;
}
