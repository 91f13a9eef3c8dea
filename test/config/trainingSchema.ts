import { defineSchema } from '../../src/engine/config/schema';

/** A small schema shaped like a real run config, shared by the config and CLI tests. */
export const trainingSchema = defineSchema({
  optimiser: {
    kind: 'enum',
    values: ['sgd', 'momentum', 'adam', 'adagrad', 'adamax', 'rmsprop'],
    default: 'adamax',
    label: 'Optimiser',
    help: 'update rule for the self-replication loss',
  },
  learningRate: { kind: 'number', min: 0, exclusiveMin: true, default: 0.002, label: 'Learning rate', help: 'step size', flag: 'lr' },
  epochs: { kind: 'number', integer: true, min: 0, default: 100, label: 'Epochs', help: 'optimisation epochs' },
  resetOptimiser: { kind: 'boolean', default: false, label: 'Reset optimiser', help: 'reset state each generation' },
  runName: { kind: 'string', default: 'run', pattern: /^[a-z0-9-]+$/, label: 'Run name', help: 'folder name under runs/' },
  selection: {
    kind: 'object',
    label: 'Selection',
    help: 'how parents are picked',
    fields: {
      tournamentSize: { kind: 'number', integer: true, min: 2, default: 3, label: 'Tournament size', help: 'contestants per tournament' },
      elitism: { kind: 'number', min: 0, max: 1, default: 0.1, label: 'Elitism', help: 'fraction kept unchanged' },
      maxLR: { kind: 'number', default: 1, label: 'Max LR', help: 'upper bound' },
    },
  },
});
