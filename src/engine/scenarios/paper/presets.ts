import { OPTIMIZER_NAMES } from '../../train/optimizers/registry';
import type { PaperScenario } from '../scenario';

export const initialLoss: PaperScenario = {
  name: 'paper/initial-loss',
  title: 'Initial self-replication loss',
  summary: 'L_SR of untrained vanilla quines (torch-default init) over 5 seeds',
  config: { method: 'none', epochs: 0, seeds: 5 },
  paper: [
    { metric: 'initial.lsr', value: 90.16, label: 'initial L_SR' },
    { metric: 'initial.rmsMargin', value: 0.067, label: 'RMS margin' },
  ],
  paperNotes: [],
  reference: ['initial L_SR 94.3 ± 4.6 (torch-default, 5 seeds); ≈ 4,600 with he'],
  figures: ['weights'],
};

export const optimizerComparison: PaperScenario = {
  name: 'paper/optimizers',
  title: 'Gradient optimisers on the vanilla quine',
  figure: 'Fig. 4',
  summary: 'SGD, SGD+momentum, Adam, Adagrad, Adamax and RMSprop, 30 epochs each',
  config: { method: 'optimise', epochs: 30 },
  arms: OPTIMIZER_NAMES.map((o) => ({ name: o, config: { optimizer: o } })),
  paper: [],
  paperNotes: ['Adamax performs best', "Adagrad's loss rises instead of plateauing", 'RMSprop explodes the loss from the start (not plotted in the paper)'],
  reference: [],
  figures: ['loss', 'replication'],
};

export const adamax100: PaperScenario = {
  name: 'paper/adamax-100',
  title: 'Adamax for 100 epochs',
  summary: 'the best gradient optimiser, trained for 100 epochs',
  config: { method: 'optimise', optimizer: 'adamax', epochs: 100 },
  paper: [
    { metric: 'best.lsr', value: 32.1, label: 'best L_SR' },
    { metric: 'best.srq', value: 6.44, label: 'SRQ' },
    { metric: 'best.rmsMargin', value: 0.04, label: 'RMS margin' },
  ],
  paperNotes: [],
  reference: ['best 30.1–31.5 (3 seeds); corr(f, θ) < 0.1'],
  figures: ['loss', 'replication', 'weights'],
};

export const hillClimbing: PaperScenario = {
  name: 'paper/hill-climbing',
  title: 'Hill-climbing',
  figure: 'Fig. 5',
  summary: '(1+1) hill-climbing, σ = 1e-3: on mini-batches (the paper) and on the full L_SR; SGD for 10 epochs alongside',
  config: { method: 'hill-climb', epochs: 50 },
  arms: [
    { name: 'hill-climb', config: {} },
    { name: 'hill-climb-full', config: { hillClimb: { variant: 'full', proposalsPerEpoch: 20 } } },
    { name: 'sgd-10', config: { method: 'optimise', optimizer: 'sgd', epochs: 10 } },
  ],
  paper: [],
  paperNotes: ["needs ~5,000 epochs to match SGD's 10"],
  reference: [],
  figures: ['loss', 'replication'],
  fullEpochs: 5000,
};

export const regeneration: PaperScenario = {
  name: 'paper/regeneration',
  title: 'Regeneration alternated with optimisation',
  figure: 'Figs. 6–7',
  summary: '10 generations of one Adamax epoch followed by θ ← f_θ(c)',
  config: { method: 'regenerate', optimizer: 'adamax', epochs: 10, regeneration: { optimisationEpochs: 1 } },
  paper: [
    { metric: 'best.lsr', value: 0.86, label: 'best L_SR' },
    { metric: 'best.srq', value: 10.06, label: 'SRQ' },
    { metric: 'best.rmsMargin', value: 0.0065, label: 'RMS margin' },
  ],
  paperNotes: ['regeneration shrinks the weights; with the optimisation step the solution stays non-trivial'],
  reference: ['best 0.58–0.87 after regeneration; mean |θ| 0.050 → 0.0045'],
  figures: ['loss', 'replication', 'weights'],
};

export const zeroQuine: PaperScenario = {
  name: 'paper/zero-quine',
  title: 'Pure regeneration (T = 0)',
  summary: 'regeneration without optimisation: the drift to the zero quine',
  config: { method: 'regenerate', epochs: 10, regeneration: { optimisationEpochs: 0 } },
  paper: [],
  paperNotes: ['rapidly converges to the zero quine'],
  reference: ['collapses toward zero, or diverges within 4–7 generations'],
  figures: ['loss', 'replication'],
};

export const auxiliary: PaperScenario = {
  name: 'paper/auxiliary',
  title: 'Auxiliary MNIST quine',
  figure: 'Fig. 8',
  summary: 'L_aux = L_SR + λ·Σ CE with Adamax for 30 epochs, he init',
  config: { model: { kind: 'auxiliary', init: 'he' }, method: 'optimise', optimizer: 'adamax', epochs: 30 },
  paper: [
    { metric: 'final.accuracy', value: 0.9041, label: 'test accuracy' },
    { metric: 'initial.laux', value: 1072.05, label: 'initial L_aux' },
  ],
  paperNotes: ['after the initial drop, L_aux rises: the network favours the task over replication'],
  reference: ['90.3–90.7 % test accuracy; L_SR ≈ 350–400'],
  figures: ['loss', 'replication', 'accuracy'],
};

export const classifier: PaperScenario = {
  name: 'paper/classifier',
  title: 'Classifier-only baseline',
  summary: 'the auxiliary network trained on λ·Σ CE only, Adamax, 30 epochs',
  config: { model: { kind: 'auxiliary', init: 'he' }, method: 'classifier', optimizer: 'adamax', epochs: 30 },
  paper: [{ metric: 'final.accuracy', value: 0.9633, label: 'test accuracy' }],
  paperNotes: [],
  reference: ['88–92 % at T = 0.01; 94.7 % at T = 1'],
  figures: ['accuracy'],
};

export const directCoordinate: PaperScenario = {
  name: 'paper/direct-coordinate',
  title: 'Direct coordinate input (no one-hot)',
  figure: 'Fig. 2',
  summary: 'the scalar c/N through a fixed 1→100 projection: contiguous outputs cannot differ much',
  config: { model: { encoding: 'direct' }, method: 'optimise', optimizer: 'adamax', epochs: 10 },
  paper: [],
  paperNotes: ['contiguous weights may differ a lot, contiguous outputs cannot'],
  reference: [],
  figures: ['loss', 'replication', 'weights'],
};

export const paperPresets: PaperScenario[] = [
  initialLoss, optimizerComparison, adamax100, hillClimbing, regeneration, zeroQuine, auxiliary, classifier, directCoordinate,
];
