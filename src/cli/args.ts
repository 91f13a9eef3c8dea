import { closestMatch } from '../engine/config/closestMatch';
import type { Schema } from '../engine/config/schema';
import { schemaLeaves } from '../engine/config/schema';

/** A command line that does not match its command's spec; the message is the one line to show. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FlagSpec {
  kind: 'number' | 'integer' | 'string' | 'boolean';
  help: string;
  /** Single-letter short form, used as `-o value`. */
  alias?: string;
  /** For string flags: the allowed values (checked while parsing, with a did-you-mean). */
  values?: readonly string[];
}

export interface CommandSpec {
  /** Positional argument names in order; a trailing `?` marks one optional (`checkpoint?`). */
  positionals: string[];
  /** Long flag names (without `--`) to their specs. `help` / `-h` are built in. */
  flags: Record<string, FlagSpec>;
}

export interface ParsedArgs {
  positionals: Record<string, string>;
  /** Only the flags that were given; `help` is set to true when `-h`/`--help` was. */
  flags: Record<string, number | string | boolean>;
  help: boolean;
}

/**
 * Parses `argv` (without node and script) against a command's spec: `--name value`,
 * `--name=value`, `-a value`, `--flag` / `--no-flag` / `--flag=false` for booleans,
 * `--` to end flags. Throws UsageError for unknown flags (with a did-you-mean),
 * missing or malformed values and missing or extra positionals; missing
 * positionals are not an error when help was asked for.
 */
export function parseArgs(argv: string[], spec: CommandSpec): ParsedArgs {
  const flags: Record<string, number | string | boolean> = {};
  const positionalValues: string[] = [];
  const nameOfAlias = new Map(Object.entries(spec.flags).flatMap(([name, flag]) => (flag.alias ? [[flag.alias, name]] : [])));
  let help = false;
  let flagsEnded = false;

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (flagsEnded || !token.startsWith('-') || token === '-' || looksLikeNumber(token)) {
      positionalValues.push(token);
      continue;
    }
    if (token === '--') {
      flagsEnded = true;
      continue;
    }
    if (token === '-h' || token === '--help') {
      help = true;
      continue;
    }

    const isLong = token.startsWith('--');
    const body = token.slice(isLong ? 2 : 1);
    const equals = body.indexOf('=');
    const typedName = equals < 0 ? body : body.slice(0, equals);
    const inlineValue = equals < 0 ? undefined : body.slice(equals + 1);
    const name = isLong ? typedName : nameOfAlias.get(typedName);
    const flag = name === undefined ? undefined : spec.flags[name];

    if (name === undefined || flag === undefined) {
      const negated = isLong && typedName.startsWith('no-') ? typedName.slice(3) : undefined;
      if (negated !== undefined && spec.flags[negated]?.kind === 'boolean' && inlineValue === undefined) {
        flags[negated] = false;
        continue;
      }
      throw unknownFlagError(token.split('=')[0], isLong ? typedName : undefined, spec);
    }

    const display = `--${name}`;
    if (flag.kind === 'boolean') {
      if (inlineValue === undefined || inlineValue === 'true') flags[name] = true;
      else if (inlineValue === 'false') flags[name] = false;
      else throw new UsageError(`${display}: expected true or false, got ${JSON.stringify(inlineValue)}`);
      continue;
    }

    let value = inlineValue;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && !looksLikeNumber(next))) {
        throw new UsageError(`${display}: expected ${placeholder(flag)} after the flag, got ${next === undefined ? 'nothing' : next}`);
      }
      value = next;
      i++;
    }
    flags[name] = convertFlagValue(display, flag, value);
  }

  const positionals: Record<string, string> = {};
  spec.positionals.forEach((declared, index) => {
    const optional = declared.endsWith('?');
    const name = optional ? declared.slice(0, -1) : declared;
    if (index < positionalValues.length) positionals[name] = positionalValues[index];
    else if (!optional && !help) throw new UsageError(`missing argument <${name}>; run with --help for usage`);
  });
  if (positionalValues.length > spec.positionals.length) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionalValues[spec.positionals.length])}; run with --help for usage`);
  }
  if (help) flags.help = true;
  return { positionals, flags, help };
}

function convertFlagValue(display: string, flag: FlagSpec, value: string): number | string {
  if (flag.kind === 'string') {
    if (flag.values === undefined || flag.values.includes(value)) return value;
    const suggestion = closestMatch(value, flag.values);
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    throw new UsageError(`${display}: expected one of ${flag.values.join(', ')}, got ${JSON.stringify(value)}${hint}`);
  }
  const number = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(number)) throw new UsageError(`${display}: expected a number, got ${JSON.stringify(value)}`);
  if (flag.kind === 'integer' && !Number.isInteger(number)) {
    throw new UsageError(`${display}: expected an integer, got ${JSON.stringify(value)}`);
  }
  return number;
}

function unknownFlagError(typed: string, longName: string | undefined, spec: CommandSpec): UsageError {
  const suggestion = longName === undefined ? undefined : closestMatch(longName, [...Object.keys(spec.flags), 'help']);
  const hint = suggestion === undefined ? '' : ` (did you mean --${suggestion}?)`;
  return new UsageError(`unknown flag ${typed}${hint}; run with --help for usage`);
}

// So that `--offset -3` and a positional `-0.5` read as numbers, not flags.
function looksLikeNumber(token: string): boolean {
  return /^-(\d|\.\d)/.test(token) && Number.isFinite(Number(token));
}

function placeholder(flag: FlagSpec): string {
  if (flag.values !== undefined) {
    const choices = `<${flag.values.join('|')}>`;
    return choices.length <= 32 ? choices : '<choice>';
  }
  return `<${flag.kind}>`;
}

/** A CLI flag derived from a schema field; `path` is the field's path within the schema. */
export interface SchemaFlagSpec extends FlagSpec {
  path: string[];
}

/**
 * One flag per value-holding schema field: the field's explicit `flag`, else the
 * kebab-case of its dotted path (`selection.tournamentSize` →
 * `selection-tournament-size`), preceded by `prefix-` when a prefix is given.
 * Two fields mapping to one flag is a schema mistake and throws.
 */
export function flagsFromSchema(schema: Schema, prefix?: string): Record<string, SchemaFlagSpec> {
  const flags: Record<string, SchemaFlagSpec> = {};
  for (const { path, spec } of schemaLeaves(schema)) {
    const derived = path.map(kebabCase).join('-');
    const name = spec.flag ?? (prefix ? `${kebabCase(prefix)}-${derived}` : derived);
    if (name === 'help' || Object.hasOwn(flags, name)) {
      const other = name === 'help' ? 'the built-in --help' : flags[name].path.join('.');
      throw new Error(`flagsFromSchema: field ${path.join('.')} maps to --${name}, already used by ${other}`);
    }
    const help = `${spec.label}: ${spec.help} (default ${JSON.stringify(spec.default)})`;
    switch (spec.kind) {
      case 'number':
        flags[name] = { kind: spec.integer ? 'integer' : 'number', help, path };
        break;
      case 'enum':
        flags[name] = { kind: 'string', help, values: spec.values, path };
        break;
      case 'string':
      case 'boolean':
        flags[name] = { kind: spec.kind, help, path };
        break;
    }
  }
  return flags;
}

/**
 * The part of a config that the parsed flags set, as a nested partial object
 * (only the given flags appear), to be overlaid on a config file's contents and
 * then validated — so range checks and defaults stay with the schema.
 */
export function applyFlagsToConfig(schema: Schema, flags: Record<string, number | string | boolean>, prefix?: string): Record<string, unknown> {
  const partial: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(flagsFromSchema(schema, prefix))) {
    if (!Object.hasOwn(flags, name)) continue;
    let section = partial;
    for (const key of flag.path.slice(0, -1)) {
      section[key] ??= {};
      section = section[key] as Record<string, unknown>;
    }
    section[flag.path[flag.path.length - 1]] = flags[name];
  }
  return partial;
}

/** `tournamentSize` → `tournament-size`, `maxLR` → `max-lr`. */
function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}

/** Usage text: the synopsis line, an optional summary, then one aligned line per flag. */
export function formatHelp(command: string, spec: CommandSpec, summary?: string): string {
  const synopsis = [
    command,
    ...spec.positionals.map((name) => (name.endsWith('?') ? `[${name.slice(0, -1)}]` : `<${name}>`)),
    '[options]',
  ].join(' ');
  const entries: [string, string][] = Object.entries(spec.flags).map(([name, flag]) => {
    const short = flag.alias ? `-${flag.alias}, ` : '';
    const usage = flag.kind === 'boolean' ? `${short}--[no-]${name}` : `${short}--${name} ${placeholder(flag)}`;
    const help = flag.values !== undefined && placeholder(flag) === '<choice>' ? `${flag.help}; one of ${flag.values.join(', ')}` : flag.help;
    return [usage, help];
  });
  entries.push(['-h, --help', 'show this help']);
  const width = Math.max(...entries.map(([usage]) => usage.length));
  const lines = [`Usage: ${synopsis}`, ''];
  if (summary) lines.push(summary, '');
  lines.push('Options:', ...entries.map(([usage, help]) => `  ${usage.padEnd(width)}  ${help}`));
  return lines.join('\n');
}
