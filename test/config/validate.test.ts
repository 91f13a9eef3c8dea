import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/engine/config/closestMatch';
import { ConfigError } from '../../src/engine/config/errors';
import { defaults } from '../../src/engine/config/schema';
import { overlayConfig, parseConfigFile, validateConfig } from '../../src/engine/config/validate';
import { trainingSchema } from './trainingSchema';

/** The ConfigError that validating `input` throws. */
function errorFor(input: unknown): ConfigError {
  try {
    validateConfig(trainingSchema, input, 'config');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected validateConfig to reject ${JSON.stringify(input)}`);
}

describe('validateConfig', () => {
  it('merges the input over the defaults, deeply, into a fresh object', () => {
    const input = { epochs: 5, selection: { elitism: 0.5 } };
    const config = validateConfig(trainingSchema, input, 'config');
    expect(config).toEqual({ ...defaults(trainingSchema), epochs: 5, selection: { tournamentSize: 3, elitism: 0.5, maxLR: 1 } });
    // The result must not alias the input: later edits to one must not leak into the other.
    expect(config.selection).not.toBe(input.selection);
  });

  it('returns the defaults for an empty or absent config', () => {
    expect(validateConfig(trainingSchema, {}, 'config')).toEqual(defaults(trainingSchema));
    expect(validateConfig(trainingSchema, undefined, 'config')).toEqual(defaults(trainingSchema));
  });

  it('rejects an unknown key with a did-you-mean suggestion', () => {
    const error = errorFor({ optimizer: 'adam' });
    expect(error.field).toBe('config.optimizer');
    expect(error.message).toMatch(/^config\.optimizer: unknown key \(did you mean "optimiser"\?\); known keys: optimiser, learningRate/);
  });

  it('rejects an unknown nested key, naming its dotted path', () => {
    const error = errorFor({ selection: { tournamentSiz: 3 } });
    expect(error.field).toBe('config.selection.tournamentSiz');
    expect(error.message).toMatch(/^config\.selection\.tournamentSiz: unknown key \(did you mean "tournamentSize"\?\)/);
  });

  it('gives no suggestion for an unrelated unknown key', () => {
    expect(errorFor({ zebra: 1 }).message).toMatch(/^config\.zebra: unknown key; known keys:/);
  });

  it('rejects a non-integer where an integer is required, stating the whole constraint', () => {
    const error = errorFor({ selection: { tournamentSize: 1.5 } });
    expect(error.field).toBe('config.selection.tournamentSize');
    expect(error.message).toBe('config.selection.tournamentSize: expected an integer ≥ 2, got 1.5');
  });

  it('rejects out-of-range numbers: below min, at an exclusive min, above max', () => {
    expect(errorFor({ selection: { tournamentSize: 1 } }).message).toBe('config.selection.tournamentSize: expected an integer ≥ 2, got 1');
    expect(errorFor({ learningRate: 0 }).message).toBe('config.learningRate: expected a number > 0, got 0');
    expect(errorFor({ selection: { elitism: 1.5 } }).message).toBe('config.selection.elitism: expected a number in [0, 1], got 1.5');
  });

  it('accepts values exactly at inclusive bounds', () => {
    const config = validateConfig(trainingSchema, { epochs: 0, selection: { elitism: 1, tournamentSize: 2 } }, 'config');
    expect([config.epochs, config.selection.elitism, config.selection.tournamentSize]).toEqual([0, 1, 2]);
  });

  it('rejects NaN and Infinity', () => {
    expect(errorFor({ selection: { maxLR: NaN } }).message).toBe('config.selection.maxLR: expected a finite number, got NaN');
    expect(errorFor({ learningRate: Infinity }).message).toMatch(/^config\.learningRate: expected a number > 0, got Infinity$/);
  });

  it('rejects wrong types, naming what came', () => {
    expect(errorFor({ epochs: '10' }).message).toBe('config.epochs: expected an integer ≥ 0, got "10"');
    expect(errorFor({ resetOptimiser: 'yes' }).message).toBe('config.resetOptimiser: expected true or false, got "yes"');
    expect(errorFor({ runName: 7 }).message).toBe('config.runName: expected a string, got 7');
    expect(errorFor({ selection: [] }).message).toBe('config.selection: expected an object, got an array');
    expect(errorFor(null).message).toBe('config: expected an object, got null');
  });

  it('rejects a string not matching its pattern, showing the pattern', () => {
    expect(errorFor({ runName: 'Big Run' }).message).toBe('config.runName: expected a string matching /^[a-z0-9-]+$/, got "Big Run"');
  });

  it('rejects a bad enum value, listing the allowed values and suggesting the nearest', () => {
    const error = errorFor({ optimiser: 'adamx' });
    expect(error.field).toBe('config.optimiser');
    expect(error.message).toBe(
      'config.optimiser: expected one of sgd, momentum, adam, adagrad, adamax, rmsprop, got "adamx" (did you mean "adamax"?)',
    );
    expect(errorFor({ optimiser: 3 }).message).toMatch(/expected one of sgd, .*, got 3$/);
  });

  it('reports only the first problem', () => {
    const error = errorFor({ epochs: -1, learningRate: -1 });
    // learningRate is declared before epochs, so it is checked first.
    expect(error.field).toBe('config.learningRate');
    expect(error.message.split('\n')).toHaveLength(1);
  });
});

describe('overlayConfig', () => {
  it('lays nested overrides over a base without mutating it', () => {
    const base = { epochs: 5, selection: { elitism: 0.5, tournamentSize: 4 } };
    const merged = overlayConfig(base, { selection: { tournamentSize: 7 }, optimiser: 'sgd' });
    expect(merged).toEqual({ epochs: 5, optimiser: 'sgd', selection: { elitism: 0.5, tournamentSize: 7 } });
    expect(base.selection.tournamentSize).toBe(4);
  });

  it('keeps a malformed base section so that validation still reports it', () => {
    const merged = overlayConfig({ selection: 5 }, { selection: { tournamentSize: 7 } });
    expect(() => validateConfig(trainingSchema, merged, 'config')).toThrow(/^config\.selection: expected an object, got 5$/);
  });
});

describe('parseConfigFile', () => {
  const folder = mkdtempSync(join(tmpdir(), 'quinarium-config-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('reads JSON', () => {
    const path = join(folder, 'good.json');
    writeFileSync(path, '{ "epochs": 3, "selection": { "elitism": 0.25 } }');
    expect(parseConfigFile(path)).toEqual({ epochs: 3, selection: { elitism: 0.25 } });
  });

  it('names a missing file', () => {
    const path = join(folder, 'absent.json');
    expect(() => parseConfigFile(path)).toThrow(ConfigError);
    expect(() => parseConfigFile(path)).toThrow(/cannot read config file .*absent\.json: no such file/);
  });

  it('names the file and the line and column of invalid JSON', () => {
    const path = join(folder, 'bad.json');
    // Missing comma after the value 3 on line 2; the parser stops at the next key, line 3 column 3.
    writeFileSync(path, '{\n  "epochs": 3\n  "runName": "x"\n}');
    expect(() => parseConfigFile(path)).toThrow(/bad\.json is not valid JSON at line 3, column 3: /);
  });

  it('still names the file when the parser gives no position', () => {
    const path = join(folder, 'token.json');
    writeFileSync(path, '{"epochs": }');
    expect(() => parseConfigFile(path)).toThrow(/token\.json is not valid JSON.*: /);
  });
});

describe('closestMatch', () => {
  it('computes Levenshtein distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('adamx', 'adamax')).toBe(1);
  });

  it('suggests the nearest candidate only when it is plausibly a typo', () => {
    // Both at distance 1; adamax keeps all five typed letters, adam only four.
    expect(closestMatch('adamx', ['adam', 'adamax', 'sgd'])).toBe('adamax');
    expect(closestMatch('adamx', ['adamax', 'adam'])).toBe('adamax');
    expect(closestMatch('RMSProp', ['sgd', 'rmsprop'])).toBe('rmsprop');
    expect(closestMatch('zebra', ['sgd', 'adam'])).toBeUndefined();
    expect(closestMatch('xy', ['lr'])).toBeUndefined();
  });
});
