import { describe, expect, it } from 'vitest';
import { applyFlagsToConfig, type CommandSpec, flagsFromSchema, formatHelp, parseArgs, UsageError } from '../../src/cli/args';
import { overlayConfig, validateConfig } from '../../src/engine/config/validate';
import { trainingSchema } from '../config/trainingSchema';

const trainCommand: CommandSpec = {
  positionals: ['preset', 'checkpoint?'],
  flags: {
    epochs: { kind: 'integer', help: 'epochs to run' },
    lr: { kind: 'number', help: 'learning rate' },
    out: { kind: 'string', help: 'output folder', alias: 'o' },
    verbose: { kind: 'boolean', help: 'log every batch' },
    optimiser: { kind: 'string', help: 'update rule', values: ['sgd', 'adam', 'adamax'] },
  },
};

function usageErrorFor(argv: string[]): string {
  try {
    parseArgs(argv, trainCommand);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected parseArgs to reject ${argv.join(' ')}`);
}

describe('parseArgs', () => {
  it('reads positionals, `--name value`, `--name=value`, aliases and boolean flags', () => {
    const parsed = parseArgs(['vanilla', '--epochs', '30', '--lr=1e-3', '-o', 'runs/a', '--verbose', 'ckpt.json'], trainCommand);
    expect(parsed).toEqual({
      positionals: { preset: 'vanilla', checkpoint: 'ckpt.json' },
      flags: { epochs: 30, lr: 0.001, out: 'runs/a', verbose: true },
      help: false,
    });
  });

  it('leaves out optional positionals and flags that were not given', () => {
    expect(parseArgs(['vanilla'], trainCommand)).toEqual({ positionals: { preset: 'vanilla' }, flags: {}, help: false });
  });

  it('reads `--no-flag` and `--flag=false` as false', () => {
    expect(parseArgs(['p', '--no-verbose'], trainCommand).flags).toEqual({ verbose: false });
    expect(parseArgs(['p', '--verbose=false'], trainCommand).flags).toEqual({ verbose: false });
  });

  it('takes a negative number as a flag value, and treats everything after `--` as positional', () => {
    expect(parseArgs(['p', '--lr', '-0.5'], trainCommand).flags).toEqual({ lr: -0.5 });
    expect(parseArgs(['--', '--weird-name'], trainCommand).positionals).toEqual({ preset: '--weird-name' });
  });

  it('recognises -h and --help, and then does not require positionals', () => {
    expect(parseArgs(['-h'], trainCommand)).toMatchObject({ help: true, flags: { help: true } });
    expect(parseArgs(['--help'], trainCommand).help).toBe(true);
  });

  it('rejects an unknown flag, naming it with a did-you-mean', () => {
    expect(usageErrorFor(['p', '--epohcs', '3'])).toMatch(/^unknown flag --epohcs \(did you mean --epochs\?\)/);
    expect(usageErrorFor(['p', '--verbose-mode=1'])).toMatch(/^unknown flag --verbose-mode[;(]/);
    expect(usageErrorFor(['p', '-x'])).toMatch(/^unknown flag -x;/);
  });

  it('rejects a non-number for a number flag and a fraction for an integer flag', () => {
    expect(usageErrorFor(['p', '--lr', 'fast'])).toBe('--lr: expected a number, got "fast"');
    expect(usageErrorFor(['p', '--lr='])).toBe('--lr: expected a number, got ""');
    expect(usageErrorFor(['p', '--epochs', '2.5'])).toBe('--epochs: expected an integer, got "2.5"');
  });

  it('rejects a missing value, a bad choice, a missing positional and an extra one', () => {
    expect(usageErrorFor(['p', '--lr'])).toMatch(/^--lr: expected <number> after the flag, got nothing/);
    expect(usageErrorFor(['p', '--out', '--verbose'])).toMatch(/^--out: expected <string> after the flag, got --verbose/);
    expect(usageErrorFor(['p', '--optimiser', 'adamx'])).toBe(
      '--optimiser: expected one of sgd, adam, adamax, got "adamx" (did you mean "adamax"?)',
    );
    expect(usageErrorFor([])).toMatch(/^missing argument <preset>/);
    expect(usageErrorFor(['a', 'b', 'c'])).toMatch(/^unexpected argument "c"/);
  });
});

describe('flags derived from a schema', () => {
  it('maps dotted paths to kebab-case flags, honouring explicit flag names', () => {
    const flags = flagsFromSchema(trainingSchema);
    expect(Object.keys(flags)).toEqual([
      'optimiser',
      'lr', // explicit `flag` on learningRate
      'epochs',
      'reset-optimiser',
      'run-name',
      'selection-tournament-size',
      'selection-elitism',
      'selection-max-lr',
    ]);
    expect(flags['selection-tournament-size']).toMatchObject({ kind: 'integer', path: ['selection', 'tournamentSize'] });
    expect(flags['selection-elitism'].kind).toBe('number');
    expect(flags['reset-optimiser'].kind).toBe('boolean');
    expect(flags['optimiser']).toMatchObject({ kind: 'string', values: trainingSchema.optimiser.values });
    expect(flags['selection-tournament-size'].help).toMatch(/Tournament size: contestants per tournament \(default 3\)/);
  });

  it('prefixes derived (not explicit) flag names', () => {
    const flags = flagsFromSchema(trainingSchema, 'train');
    expect(flags['train-selection-tournament-size'].path).toEqual(['selection', 'tournamentSize']);
    expect(flags['lr'].path).toEqual(['learningRate']);
  });

  it('throws when two fields map to one flag', () => {
    const clash = {
      runName: { kind: 'string', default: '', label: 'a', help: 'a' },
      run: { kind: 'object', label: 'b', help: 'b', fields: { name: { kind: 'string', default: '', label: 'c', help: 'c' } } },
    } as const;
    expect(() => flagsFromSchema(clash)).toThrow(/flagsFromSchema: field run\.name maps to --run-name, already used by runName/);
  });

  it('overrides any schema field from the command line, then validates with the schema', () => {
    const spec = { positionals: [], flags: flagsFromSchema(trainingSchema) };
    const parsed = parseArgs(['--selection-tournament-size', '5', '--lr=0.01', '--reset-optimiser', '--optimiser', 'sgd'], spec);
    const partial = applyFlagsToConfig(trainingSchema, parsed.flags);
    expect(partial).toEqual({ selection: { tournamentSize: 5 }, learningRate: 0.01, resetOptimiser: true, optimiser: 'sgd' });

    const fromFile = { epochs: 7, selection: { elitism: 0.3, tournamentSize: 2 } };
    const config = validateConfig(trainingSchema, overlayConfig(fromFile, partial), 'config');
    expect(config).toEqual({
      optimiser: 'sgd',
      learningRate: 0.01,
      epochs: 7,
      resetOptimiser: true,
      runName: 'run',
      selection: { tournamentSize: 5, elitism: 0.3, maxLR: 1 },
    });
  });

  it('leaves range checks to the schema, whose error names the field', () => {
    const spec = { positionals: [], flags: flagsFromSchema(trainingSchema) };
    const partial = applyFlagsToConfig(trainingSchema, parseArgs(['--selection-tournament-size', '1'], spec).flags);
    expect(() => validateConfig(trainingSchema, partial, 'config')).toThrow(
      /^config\.selection\.tournamentSize: expected an integer ≥ 2, got 1$/,
    );
  });
});

describe('formatHelp', () => {
  it('shows the synopsis and one aligned line per flag', () => {
    const help = formatHelp('quinarium train', trainCommand, 'Train a quine.');
    const lines = help.split('\n');
    expect(lines[0]).toBe('Usage: quinarium train <preset> [checkpoint] [options]');
    expect(lines).toContain('Train a quine.');
    expect(help).toMatch(/^ {2}-o, --out <string> +output folder$/m);
    expect(help).toMatch(/^ {2}--\[no-\]verbose +log every batch$/m);
    expect(help).toMatch(/^ {2}--optimiser <sgd\|adam\|adamax> +update rule$/m);
    expect(help).toMatch(/^ {2}-h, --help +show this help$/m);
    // Every help text starts in the same column.
    const helpTexts = [...Object.values(trainCommand.flags).map((flag) => flag.help), 'show this help'];
    const columns = helpTexts.map((text) => lines.find((line) => line.endsWith(text))!.lastIndexOf(text));
    expect(new Set(columns).size).toBe(1);
    expect(columns[0]).toBe('  --optimiser <sgd|adam|adamax>  '.length);
  });
});
