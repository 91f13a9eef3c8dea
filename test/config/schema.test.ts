import { describe, expect, it } from 'vitest';
import { defaults, describeSchema, type Infer } from '../../src/engine/config/schema';
import { trainingSchema } from './trainingSchema';

describe('schema', () => {
  it('infers the config type: numbers, enum unions, nested objects', () => {
    // Compile-time check: this assignment must type-check under `tsc --noEmit`.
    const config: Infer<typeof trainingSchema> = {
      optimiser: 'adam',
      learningRate: 0.001,
      epochs: 10,
      resetOptimiser: true,
      runName: 'a',
      selection: { tournamentSize: 4, elitism: 0.2, maxLR: 2 },
    };
    // @ts-expect-error an enum field only accepts its listed values
    const badOptimiser: Infer<typeof trainingSchema>['optimiser'] = 'adamx';
    // @ts-expect-error a nested number field is a number, not a string
    const badSize: Infer<typeof trainingSchema>['selection']['tournamentSize'] = '3';
    expect([config.optimiser, badOptimiser, badSize]).toEqual(['adam', 'adamx', '3']);
  });

  it('builds the default config, nested objects included', () => {
    expect(defaults(trainingSchema)).toEqual({
      optimiser: 'adamax',
      learningRate: 0.002,
      epochs: 100,
      resetOptimiser: false,
      runName: 'run',
      selection: { tournamentSize: 3, elitism: 0.1, maxLR: 1 },
    });
  });

  it('describes every field as JSON data with dotted paths, the pattern as its source', () => {
    const description = describeSchema(trainingSchema);
    // The description must survive a JSON round trip unchanged (it crosses the IPC boundary).
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
    expect(description.map((field) => field.path)).toEqual([
      'optimiser',
      'learningRate',
      'epochs',
      'resetOptimiser',
      'runName',
      'selection',
      'selection.tournamentSize',
      'selection.elitism',
      'selection.maxLR',
    ]);
    const byPath = Object.fromEntries(description.map((field) => [field.path, field]));
    expect(byPath['optimiser'].values).toEqual(['sgd', 'momentum', 'adam', 'adagrad', 'adamax', 'rmsprop']);
    expect(byPath['runName'].pattern).toBe('^[a-z0-9-]+$');
    expect(byPath['learningRate']).toEqual({
      path: 'learningRate',
      kind: 'number',
      label: 'Learning rate',
      help: 'step size',
      default: 0.002,
      min: 0,
      exclusiveMin: true,
      flag: 'lr',
    });
    expect(byPath['selection']).toEqual({ path: 'selection', kind: 'object', label: 'Selection', help: 'how parents are picked' });
    expect(byPath['selection.elitism']).toMatchObject({ min: 0, max: 1, default: 0.1 });
  });

  it('passes a relevance rule to the form, inherited by the fields of an object', () => {
    const described = describeSchema({
      method: { kind: 'enum', values: ['a', 'b'], default: 'a', label: 'Method', help: '' },
      tuning: {
        kind: 'object', relevantWhen: { field: 'method', values: ['b'] }, label: 'Tuning', help: '',
        fields: {
          rate: { kind: 'number', default: 1, label: 'Rate', help: '' },
          extra: { kind: 'number', default: 1, label: 'Extra', help: '', relevantWhen: { field: 'tuning.mode', values: ['x'] } },
        },
      },
    });
    const byPath = Object.fromEntries(described.map((f) => [f.path, f.relevantWhen]));
    expect(byPath).toEqual({
      method: undefined,
      tuning: { field: 'method', values: ['b'] },
      'tuning.rate': { field: 'method', values: ['b'] },
      'tuning.extra': { field: 'tuning.mode', values: ['x'] },
    });
    expect(JSON.parse(JSON.stringify(described))).toEqual(described);
  });
});
