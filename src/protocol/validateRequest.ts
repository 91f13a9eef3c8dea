/**
 * The gate every incoming message passes before it reaches a session, whatever
 * carried it (Electron IPC, a WebSocket, the worker's port). A message from the
 * page is untrusted input: anything malformed gets a one-line reason, never a throw.
 */
import { jsonShapeProblem, type JsonShapeLimits } from '../shared/jsonShape';
import type { Method, Request } from './messages';
import { EXPORT_FORMATS } from './names';

export { EXPORT_FORMATS };

export type RequestCheck =
  | { ok: true; request: Request }
  /** `id` is the message's own id when it had a usable one, else -1, so the reply can still be matched. */
  | { ok: false; id: number; error: string };

type ParamKind = 'string' | 'id' | 'object' | 'format';

/** Each method's params by name and kind; a method absent from `withParams` takes none. */
const withParams: Partial<Record<Method, Record<string, ParamKind>>> = {
  describeConfig: { preset: 'string' },
  create: { preset: 'string', overrides: 'object' },
  inspect: { id: 'id' },
  openRun: { dir: 'string' },
  export: { format: 'format' },
  runSummary: { dir: 'string' },
  resumeRun: { dir: 'string' },
  inspectStored: { dir: 'string', id: 'id' },
};

const paramless: readonly Method[] = ['listPresets', 'start', 'pause', 'step', 'stop', 'snapshot', 'state', 'listRuns'];

export const METHODS: readonly Method[] = [...paramless, ...(Object.keys(withParams) as Method[])];

/** Longest string param accepted (preset names, run directories): a guard against absurd input, not a policy. */
const MAX_STRING = 4096;

/**
 * The largest request shape accepted. A real request nests 4 levels (message, params,
 * overrides, a config section) and holds a few dozen values; these bounds refuse a
 * hostile one before anything walks it recursively (10,000 nested objects overflowed
 * the stack in Worker.postMessage, issue 11).
 */
export const REQUEST_LIMITS: JsonShapeLimits = { maxDepth: 16, maxNodes: 10_000 };

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype;

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return x.length > 40 ? `a string of ${x.length} characters` : JSON.stringify(x);
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  return typeof x === 'object' ? 'an object' : typeof x;
}

const isId = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

function checkParam(method: Method, name: string, kind: ParamKind, value: unknown): string | null {
  const where = `request.params.${name} (${method})`;
  switch (kind) {
    case 'string':
      if (typeof value !== 'string' || value.length === 0) return `${where}: expected a non-empty string, got ${describe(value)}`;
      if (value.length > MAX_STRING) return `${where}: expected at most ${MAX_STRING} characters, got ${value.length}`;
      return null;
    case 'id':
      return isId(value) ? null : `${where}: expected an integer id ≥ 0, got ${describe(value)}`;
    case 'object':
      return isPlainObject(value) ? null : `${where}: expected an object, got ${describe(value)}`;
    case 'format':
      return typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value)
        ? null
        : `${where}: expected one of ${EXPORT_FORMATS.join(', ')}, got ${describe(value)}`;
  }
}

/**
 * Checks that `message` is a well-formed Request: an object with exactly `id`
 * (integer ≥ 0), `method` (a known method) and `params` (only for methods that
 * take them; paramless methods may omit it or send `{}`), each param of its
 * kind and no unknown keys. The engine still validates the values themselves
 * (config overrides against the schema, preset names against the registry).
 */
export function validateRequest(message: unknown): RequestCheck {
  if (!isPlainObject(message)) return { ok: false, id: -1, error: `request: expected an object {id, method, params}, got ${describe(message)}` };
  const id = isId(message.id) ? message.id : -1;
  const fail = (error: string): RequestCheck => ({ ok: false, id, error });
  if (!isId(message.id)) return fail(`request.id: expected an integer ≥ 0, got ${describe(message.id)}`);
  for (const key of Object.keys(message)) {
    if (key !== 'id' && key !== 'method' && key !== 'params') return fail(`request: unknown key "${key}"; expected only id, method, params`);
  }
  const method = message.method;
  if (typeof method !== 'string' || !(METHODS as readonly string[]).includes(method)) {
    return fail(`request.method: expected one of ${METHODS.join(', ')}, got ${describe(method)}`);
  }
  const m = method as Method;
  const spec = withParams[m];
  const params = message.params;
  if (!spec) {
    if (params === undefined || (isPlainObject(params) && Object.keys(params).length === 0)) return { ok: true, request: { id: message.id, method: m } as Request };
    return fail(`request.params (${m}): expected none, got ${describe(params)}`);
  }
  if (!isPlainObject(params)) return fail(`request.params (${m}): expected an object with ${Object.keys(spec).join(', ')}, got ${describe(params)}`);
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(spec, key)) return fail(`request.params (${m}): unknown key "${key}"; expected ${Object.keys(spec).join(', ')}`);
  }
  for (const [name, kind] of Object.entries(spec)) {
    const problem = checkParam(m, name, kind, params[name]);
    if (problem) return fail(problem);
  }
  const shape = jsonShapeProblem(params, 'request.params', REQUEST_LIMITS);
  if (shape) return fail(`request.params (${m}): ${shape}`);
  return { ok: true, request: { id: message.id, method: m, params: { ...params } } as Request };
}
