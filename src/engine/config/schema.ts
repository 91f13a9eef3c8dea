/**
 * A tiny declarative schema language for run configs. One schema is the single
 * source for the config's TypeScript type (`Infer`), its defaults, the CLI flags
 * (`src/cli/args.ts`), the desktop app's form (`describeSchema`) and the
 * validation errors (`validate.ts`).
 */

/**
 * When a field matters: only while the field at `field` (a dotted path from the root)
 * holds one of `values`. The app hides it otherwise; the value is still validated.
 */
export interface RelevantWhen { field: string; values: readonly string[] }

export type FieldSpec = (
  | {
      kind: 'number';
      integer?: boolean;
      min?: number;
      max?: number;
      /** When true, `min` itself is not allowed (value > min). */
      exclusiveMin?: boolean;
      default: number;
      label: string;
      help: string;
      flag?: string;
    }
  | { kind: 'boolean'; default: boolean; label: string; help: string; flag?: string }
  | { kind: 'enum'; values: readonly string[]; default: string; label: string; help: string; flag?: string }
  | { kind: 'string'; default: string; label: string; help: string; flag?: string; pattern?: RegExp }
  | { kind: 'object'; fields: Record<string, FieldSpec>; label: string; help: string }
) & { relevantWhen?: RelevantWhen };

export type Schema = Record<string, FieldSpec>;

/** A field that holds a value (everything but `object`). */
export type LeafSpec = Exclude<FieldSpec, { kind: 'object' }>;

export type InferField<F> = F extends { kind: 'number' }
  ? number
  : F extends { kind: 'boolean' }
    ? boolean
    : F extends { kind: 'enum'; values: readonly (infer V)[] }
      ? V
      : F extends { kind: 'string' }
        ? string
        : F extends { kind: 'object'; fields: infer Fields }
          ? { [K in keyof Fields]: InferField<Fields[K]> }
          : never;

/** The config type a schema describes: numbers → number, enum → union of its values, object → nested. */
export type Infer<S extends Schema> = { [K in keyof S]: InferField<S[K]> };

/**
 * Identity function whose `const` type parameter keeps enum values as literal
 * types, so `Infer` gives `'sgd' | 'adam'` rather than `string` without
 * the caller writing `as const`.
 */
export function defineSchema<const S extends Schema>(schema: S): S {
  return schema;
}

/** Every value-holding field of a schema, depth first, in declaration order. */
export function* schemaLeaves(schema: Schema, parentPath: readonly string[] = []): Generator<{ path: string[]; spec: LeafSpec }> {
  for (const [key, spec] of Object.entries(schema)) {
    const path = [...parentPath, key];
    if (spec.kind === 'object') yield* schemaLeaves(spec.fields, path);
    else yield { path, spec };
  }
}

/** The config in which every field has its default value. */
export function defaults<S extends Schema>(schema: S): Infer<S> {
  const config: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) {
    config[key] = spec.kind === 'object' ? defaults(spec.fields) : spec.default;
  }
  return config as Infer<S>;
}

/** One schema field as plain JSON data, for the desktop app's form. */
export interface FieldDescription {
  /** Dotted path, e.g. `selection.tournamentSize`. */
  path: string;
  kind: FieldSpec['kind'];
  label: string;
  help: string;
  default?: number | boolean | string;
  integer?: boolean;
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  values?: string[];
  /** A string field's pattern, as the RegExp's source. */
  pattern?: string;
  flag?: string;
  /** Shown only while another field holds one of these values (inherited from an enclosing object). */
  relevantWhen?: { field: string; values: string[] };
}

/**
 * The schema flattened to JSON-serialisable descriptions, depth first; an
 * `object` field appears (without a default) before its children, so a form can
 * render it as a group heading.
 */
export function describeSchema(schema: Schema, parentPath = '', inherited?: RelevantWhen): FieldDescription[] {
  const descriptions: FieldDescription[] = [];
  for (const [key, spec] of Object.entries(schema)) {
    const path = parentPath === '' ? key : `${parentPath}.${key}`;
    const when = spec.relevantWhen ?? inherited;
    const base: FieldDescription = { path, kind: spec.kind, label: spec.label, help: spec.help };
    if (when) base.relevantWhen = { field: when.field, values: [...when.values] };
    switch (spec.kind) {
      case 'object':
        descriptions.push(base, ...describeSchema(spec.fields, path, when));
        break;
      case 'number':
        descriptions.push(
          withoutUndefined({
            ...base,
            default: spec.default,
            integer: spec.integer,
            min: spec.min,
            max: spec.max,
            exclusiveMin: spec.exclusiveMin,
            flag: spec.flag,
          }),
        );
        break;
      case 'enum':
        descriptions.push(withoutUndefined({ ...base, default: spec.default, values: [...spec.values], flag: spec.flag }));
        break;
      case 'string':
        descriptions.push(withoutUndefined({ ...base, default: spec.default, pattern: spec.pattern?.source, flag: spec.flag }));
        break;
      case 'boolean':
        descriptions.push(withoutUndefined({ ...base, default: spec.default, flag: spec.flag }));
        break;
    }
  }
  return descriptions;
}

// Absent options are left out rather than written as `undefined`, so the
// description survives JSON round-trips and deep-equality checks unchanged.
function withoutUndefined(description: FieldDescription): FieldDescription {
  return Object.fromEntries(Object.entries(description).filter(([, value]) => value !== undefined)) as FieldDescription;
}
