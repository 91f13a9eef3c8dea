import { ConfigError } from '../config/errors';
import { defineSchema, type Infer } from '../config/schema';
import { validateConfig, type ConfigRule } from '../config/validate';
import { paramLayout } from '../models/layout';
import { REPLICATION_LOSSES, TARGET_MODES } from '../metrics/losses';
import { ACTIVATIONS, COORDINATE_ENCODINGS, EMBED_ACTIVATIONS, INIT_SCHEMES, MODEL_KINDS, WEIGHT_NORMS } from '../models/modelSpec';
import { NEWTON_DEFAULTS } from '../solve/newton';
import { REGENERATION_NORMALISE } from '../train/regeneration';
import { OPTIMIZER_NAMES } from '../train/optimizers/registry';

/** A quine's weight count as the help text writes it (20,100). */
const weights = (kind: (typeof MODEL_KINDS)[number]): string => paramLayout(kind).count.toLocaleString('en-US');
/** The largest N of any quine: no mini-batch can be larger. */
const largestN = Math.max(...MODEL_KINDS.map((kind) => paramLayout(kind).count));

/** The methods that take gradient steps with an optimiser (hill-climbing and the solver do not). */
const GRADIENT_METHODS = { field: 'method', values: ['optimise', 'regenerate', 'classifier'] } as const;

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
      activation: { kind: 'enum', values: ACTIVATIONS, default: 'selu', label: 'Hidden activation', help: "the hidden layers' activation: selu (paper) or an exactly homogeneous one" },
      weightNorm: { kind: 'enum', values: WEIGHT_NORMS, default: 'none', label: 'Weight normalisation', help: 'per-layer: compute with r₀·W/‖W‖ (θ stays raw), so f_{sθ} = f_θ' },
    },
  },
  from: { kind: 'string', default: '', label: 'Start from', help: "a checkpoint directory (model.json), or a run directory / checkpoints folder whose lane k's checkpoint is <k>: θ and the model are the checkpoint's ('' = a fresh init)" },
  method: { kind: 'enum', values: ['none', 'optimise', 'hill-climb', 'regenerate', 'classifier', 'newton'], default: 'optimise', label: 'Training method', help: 'none (measure only), gradient optimisation, hill-climbing, regeneration alternated with optimisation, the classifier-only baseline, or the Newton–Krylov quine solver (one step per epoch)' },
  optimizer: { kind: 'enum', relevantWhen: GRADIENT_METHODS, values: OPTIMIZER_NAMES, default: 'adamax', label: 'Optimiser', help: 'gradient optimiser, PyTorch semantics and defaults' },
  lr: { kind: 'number', relevantWhen: GRADIENT_METHODS, min: 0, default: 0, label: 'Learning rate', help: "0 = the optimiser's PyTorch default" },
  lrSteps: { kind: 'string', relevantWhen: GRADIENT_METHODS, default: '', pattern: /^(\s*\d+\s*(,\s*\d+\s*)*)?$/, label: 'Learning-rate steps', help: "epochs after which the learning rate is multiplied by the lr factor, e.g. '30,60' ('' = constant)" },
  lrFactor: { kind: 'number', relevantWhen: GRADIENT_METHODS, min: 0, exclusiveMin: true, max: 1, default: 0.1, label: 'Learning-rate factor', help: 'multiplier of the learning rate at each lr step' },
  loss: {
    kind: 'object', relevantWhen: GRADIENT_METHODS, label: 'Replication loss', help: 'what the replication half of the training loss measures',
    fields: {
      replication: { kind: 'enum', values: REPLICATION_LOSSES, default: 'sse', label: 'Loss', help: 'sse = Σ(f − θ_c)² (paper); relative = Σ(f − θ_c)²/Σ(θ − mean θ)² (1 − r2); cosine = 1 − cos(f, θ_c) over the batch' },
      targets: { kind: 'enum', values: TARGET_MODES, default: 'snapshot', label: 'Targets', help: "snapshot = θ_c from the epoch's start, no gradient (paper); live = θ now, differentiated on both sides" },
    },
  },
  epochs: { kind: 'number', integer: true, min: 0, max: 1_000_000, default: 30, label: 'Epochs', help: 'optimisation epochs (generations for regeneration)' },
  batchSize: { kind: 'number', integer: true, min: 1, max: largestN, default: 10, label: 'Mini-batch size', help: 'coordinates per step; must divide N' },
  lambda: { kind: 'number', relevantWhen: { field: 'model.kind', values: ['auxiliary'] }, min: 0, default: 0.01, label: 'λ', help: 'weight of the cross-entropy in L_aux = L_SR + λ·Σ CE' },
  hillClimb: {
    kind: 'object', relevantWhen: { field: 'method', values: ['hill-climb'] }, label: 'Hill-climbing', help: '(1+1) hill-climbing',
    fields: {
      variant: { kind: 'enum', values: ['minibatch', 'full'], default: 'minibatch', label: 'Variant', help: "minibatch (the paper's) or judged on the full L_SR" },
      sigma: { kind: 'number', min: 0, exclusiveMin: true, default: 1e-3, label: 'σ', help: 'standard deviation of the perturbation of every weight' },
      proposalsPerEpoch: { kind: 'number', relevantWhen: { field: 'hillClimb.variant', values: ['full'] }, integer: true, min: 1, default: 20, label: 'Proposals per epoch', help: 'full variant only' },
    },
  },
  regeneration: {
    kind: 'object', relevantWhen: { field: 'method', values: ['regenerate'] }, label: 'Regeneration', help: 'θ ← f_θ(c) after T optimisation epochs per generation',
    fields: {
      optimisationEpochs: { kind: 'number', integer: true, min: 0, default: 1, label: 'T', help: 'optimisation epochs per generation (0 = pure regeneration)' },
      resetOptimizer: { kind: 'boolean', default: false, label: 'Reset optimiser', help: 'reset the optimiser state at each regeneration' },
      normalise: { kind: 'enum', values: REGENERATION_NORMALISE, default: 'none', label: 'Normalise', help: 'none = θ ← g (paper); global = θ ← ‖θ‖·g/‖g‖ (projective); per-block = each block kept at its norm' },
      beta: { kind: 'number', min: 0, exclusiveMin: true, max: 1, default: 1, label: 'β', help: 'damping: g = (1 − β)·θ + β·f_θ (1 = undamped)' },
    },
  },
  newton: {
    kind: 'object', relevantWhen: { field: 'method', values: ['newton'] }, label: 'Newton–Krylov', help: 'the quine solver on F(θ) = f_θ(·) − θ (method newton)',
    fields: {
      krylov: { kind: 'number', integer: true, min: 1, max: 500, default: NEWTON_DEFAULTS.krylov, label: 'Krylov dimension', help: 'Jacobian-vector products per step (doubled on a restart)' },
      tolerance: { kind: 'number', min: 0, exclusiveMin: true, max: 1, default: NEWTON_DEFAULTS.tolerance, label: 'GMRES tolerance', help: 'GMRES stops once its residual is below tolerance·‖F‖' },
      damping: { kind: 'number', min: 0, default: NEWTON_DEFAULTS.damping, label: 'Damping μ', help: 'initial Levenberg–Marquardt damping (×10 per rejected try, ÷10 per accepted step)' },
      maxTries: { kind: 'number', integer: true, min: 0, max: 30, default: NEWTON_DEFAULTS.maxTries, label: 'Damping tries', help: 'damping increases tried before a restart with a larger Krylov space' },
      stopAt: { kind: 'number', min: 0, max: 1, default: NEWTON_DEFAULTS.stopAt, label: 'Converged at', help: 'no further steps once ‖F‖ ≤ stopAt·‖θ‖ (float32 rounding floors ‖F‖ near 1e-7·‖θ‖)' },
    },
  },
  seed: { kind: 'number', integer: true, min: 0, max: 2 ** 31 - 1, default: 0, label: 'Seed', help: 'run seed; lane k uses seed + k' },
  seeds: { kind: 'number', integer: true, min: 1, max: 64, default: 1, label: 'Seeds', help: 'independent seeds run as lanes of one computation' },
  checkpointEvery: { kind: 'number', integer: true, min: 0, default: 5, label: 'Checkpoint every', help: 'epochs between checkpoints of a run in progress (0 = only when stopped); `quinarium resume` continues a killed or stopped run from the last one' },
});

export type PaperConfig = Infer<typeof paperConfigSchema>;
export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** The rules no single field's check can see, checked with the config (validateConfig). */
export const paperConfigRules: readonly ConfigRule<PaperConfig>[] = [
  {
    // Refused with the config: checked only when the arm started, it left an empty run
    // directory behind that the app listed (issue 11). With --from the checkpoint says
    // which quine (and so which N) it is: checked again when the arm starts.
    field: 'batchSize',
    check: (c) => {
      const n = paramLayout(c.model.kind).count;
      return c.from === '' && n % c.batchSize !== 0 ? `must divide N = ${n}, got ${c.batchSize}` : null;
    },
  },
];

/**
 * `input` checked against the schema, then against the combinations of fields no
 * single field's check can see. `where` names the root in messages (`config`).
 */
export function validatePaperConfig(input: unknown, where: string): PaperConfig {
  const c = validateConfig(paperConfigSchema, input, where, paperConfigRules);
  checkMethodFitsModel(c.method, c.model.kind, where);
  lrStepsOf(c, where);
  return c;
}

/**
 * The combinations of method and quine no single field's check can see; run again
 * once a --from checkpoint has said which quine it is.
 */
export function checkMethodFitsModel(method: PaperConfig['method'], kind: PaperConfig['model']['kind'], where: string): void {
  // Regeneration and the solver write f_θ(c) into θ, and the auxiliary quine's f_θ(c)
  // depends on the test image paired with coordinate c: the test set would leak into the weights.
  if ((method === 'regenerate' || method === 'newton') && kind === 'auxiliary') {
    const what = method === 'regenerate' ? 'regeneration' : 'the solver';
    throw new ConfigError(`${where}.method`, `${where}.method: "${method}" cannot be used with ${where}.model.kind "auxiliary" (${what} would write its test-image-dependent predictions into θ)`);
  }
  // The classifier baseline trains only λ·Σ CE, and the vanilla quine has no classifier: it would train nothing.
  if (method === 'classifier' && kind !== 'auxiliary') {
    throw new ConfigError(`${where}.method`, `${where}.method: "classifier" needs ${where}.model.kind "auxiliary", got "${kind}" (the vanilla quine has no classifier to train)`);
  }
}

/** The epochs after which the learning rate steps down, increasing; a list out of order is refused. */
export function lrStepsOf(c: Pick<PaperConfig, 'lrSteps'>, where = 'config'): number[] {
  const steps = c.lrSteps.trim() === '' ? [] : c.lrSteps.split(',').map((x) => Number(x.trim()));
  steps.forEach((e, i) => {
    if (e < 1 || (i > 0 && e <= steps[i - 1])) {
      throw new ConfigError(`${where}.lrSteps`, `${where}.lrSteps: expected increasing epochs ≥ 1 separated by commas, got "${c.lrSteps}"`);
    }
  });
  return steps;
}

/** The learning-rate multiplier of epoch `epoch` (1-based): lrFactor to the number of steps before it. */
export function lrMultiplier(c: Pick<PaperConfig, 'lrSteps' | 'lrFactor'>, epoch: number): number {
  return c.lrFactor ** lrStepsOf(c).filter((s) => s < epoch).length;
}
