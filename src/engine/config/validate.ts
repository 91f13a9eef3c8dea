import { readFileSync } from 'node:fs';
import { jsonShapeProblem, keyPath, type JsonShapeLimits } from '../../shared/jsonShape';
import { closestMatch } from './closestMatch';
import { ConfigError } from './errors';
import type { FieldSpec, Infer, Schema } from './schema';

/**
 * A rule over several fields that no single field's check can see (a tournament
 * larger than the population, a mini-batch that does not divide N). `field` is the
 * dotted path the message names; `check` returns what is wrong, or null. Checked with
 * the config, so a config that breaks one is refused before any run directory exists
 * (`--population 2` with the default tournament of 3 ran generation 0 and then
 * crashed; an invalid mini-batch left an empty run the app listed: issue 11).
 */
export interface ConfigRule<C> {
  field: string;
  check(config: C): string | null;
}

/**
 * Checks `input` against `schema` and then `rules`, and returns a complete config:
 * the input merged over the defaults (deeply, for object fields), as a fresh object
 * that shares nothing with the input. `where` names the root in error messages
 * (`config`, or a file name). Throws a ConfigError for the first problem found,
 * so the user sees one clear message rather than a cascade.
 */
export function validateConfig<S extends Schema>(
  schema: S,
  input: unknown,
  where: string,
  rules: readonly ConfigRule<Infer<S>>[] = [],
  /** The largest input shape read (a document that carries more than a config may raise it). */
  limits: JsonShapeLimits = CONFIG_LIMITS,
): Infer<S> {
  checkConfigShape(input, where, limits);
  const config = validateObject(schema, input, where) as Infer<S>;
  for (const rule of rules) {
    const problem = rule.check(config);
    if (problem !== null) throw new ConfigError(`${where}.${rule.field}`, `${where}.${rule.field}: ${problem}`);
  }
  return config;
}

/**
 * The largest config shape read: real configs nest 3 levels and hold ~60 values. Checked
 * before anything walks a config recursively (overlayConfig), and it refuses the
 * prototype keys a plain `obj[key] = value` would turn into a new prototype.
 */
export const CONFIG_LIMITS: JsonShapeLimits = { maxDepth: 16, maxNodes: 10_000 };

function checkConfigShape(input: unknown, where: string, limits: JsonShapeLimits = CONFIG_LIMITS): void {
  const problem = jsonShapeProblem(input, where, limits);
  if (problem) throw new ConfigError(where, `${where}: ${problem}`);
}

function validateObject(fields: Schema, input: unknown, path: string): Record<string, unknown> {
  // An absent section means "all defaults", so a config file need only name what it changes.
  const given = input === undefined ? {} : input;
  if (!isPlainObject(given)) throw new ConfigError(path, `${path}: expected an object, got ${describeValue(given)}`);

  for (const key of Object.keys(given)) {
    if (Object.hasOwn(fields, key)) continue;
    const suggestion = closestMatch(key, Object.keys(fields));
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    const where = keyPath(path, key);
    throw new ConfigError(where, `${where}: unknown key${hint}; known keys: ${Object.keys(fields).join(', ')}`);
  }

  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(fields)) {
    config[key] = validateField(spec, given[key], `${path}.${key}`);
  }
  return config;
}

function validateField(spec: FieldSpec, value: unknown, path: string): unknown {
  if (spec.kind === 'object') return validateObject(spec.fields, value, path);
  if (value === undefined) return spec.default;
  const fail = (expected: string): never => {
    throw new ConfigError(path, `${path}: expected ${expected}, got ${describeValue(value)}`);
  };

  switch (spec.kind) {
    case 'number': {
      const expected = describeNumberSpec(spec);
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail(expected);
      if (spec.integer && !Number.isInteger(value)) return fail(expected);
      if (spec.min !== undefined && (spec.exclusiveMin ? value <= spec.min : value < spec.min)) return fail(expected);
      if (spec.max !== undefined && value > spec.max) return fail(expected);
      return value;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : fail('true or false');
    case 'enum': {
      if (typeof value === 'string' && spec.values.includes(value)) return value;
      const suggestion = typeof value === 'string' ? closestMatch(value, spec.values) : undefined;
      const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
      throw new ConfigError(path, `${path}: expected one of ${spec.values.join(', ')}, got ${describeValue(value)}${hint}`);
    }
    case 'string':
      if (typeof value !== 'string') return fail('a string');
      if (spec.pattern !== undefined && !spec.pattern.test(value)) return fail(`a string matching ${spec.pattern}`);
      return value;
  }
}

/** "an integer ≥ 2", "a number in (0, 1]", "a finite number" — the whole constraint, so one message says everything. */
function describeNumberSpec(spec: Extract<FieldSpec, { kind: 'number' }>): string {
  const { min, max, exclusiveMin } = spec;
  // Without bounds, "finite" is the only constraint worth stating (NaN, Infinity).
  const noun = spec.integer ? 'an integer' : min === undefined && max === undefined ? 'a finite number' : 'a number';
  if (min !== undefined && max !== undefined) return `${noun} in ${exclusiveMin ? '(' : '['}${min}, ${max}]`;
  if (min !== undefined) return `${noun} ${exclusiveMin ? '>' : '≥'} ${min}`;
  if (max !== undefined) return `${noun} ≤ ${max}`;
  return noun;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A config file that must hold an object of fields (`--config`): read, parsed, its
 * shape checked; `null`, a number or an array is refused with one line.
 */
export function readConfigObject(path: string): Record<string, unknown> {
  const parsed = parseConfigFile(path);
  if (!isPlainObject(parsed)) throw new ConfigError(path, `${path}: expected a JSON object of config fields (e.g. {"population": 8}), got ${describeValue(parsed)}`);
  checkConfigShape(parsed, path);
  return parsed;
}

/**
 * Reads a JSON config file, without validating it against a schema. A missing
 * file or invalid JSON becomes a ConfigError naming the file (and, for invalid
 * JSON, the line and column when the engine's SyntaxError gives a position).
 */
export function parseConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new ConfigError(path, `parseConfigFile: cannot read config file ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 quotes the text around the error, control characters and all: escaped, so the error stays one line.
    const message = (error as Error).message.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
    const location = syntaxErrorLocation((error as Error).message, text);
    const where = location === undefined ? '' : ` at line ${location.line}, column ${location.column}`;
    throw new ConfigError(path, `parseConfigFile: ${path} is not valid JSON${where}: ${message}`);
  }
}

// V8 reports "... at position N" (Node 20) and sometimes "(line L column C)"
// (Node 22); other messages carry no position, and then we give none.
function syntaxErrorLocation(message: string, text: string): { line: number; column: number } | undefined {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (!position) return undefined;
  const before = text.slice(0, Number(position[1]));
  const lastNewline = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: before.length - lastNewline };
}

/**
 * `overlay` laid over `base`, key by key for nested objects, without mutating
 * either — e.g. command-line flags over a config file's contents, before
 * validateConfig. Where `base` holds a non-object but `overlay` an object, the
 * base is kept, so that validation reports the malformed base instead of the
 * overlay silently hiding it.
 */
export function overlayConfig(base: unknown, overlay: Record<string, unknown>): unknown {
  checkConfigShape(overlay, 'config');
  return overlay_(base, overlay);
}

function overlay_(base: unknown, overlay: Record<string, unknown>): unknown {
  if (base !== undefined && !isPlainObject(base)) return base;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === undefined) continue;
    // Defined, not assigned: a "__proto__" key stays a key (and validation names it)
    // rather than replacing the merged object's prototype.
    Object.defineProperty(merged, key, { value: isPlainObject(value) ? overlay_(merged[key], value) : value, enumerable: true, writable: true, configurable: true });
  }
  return merged;
}
