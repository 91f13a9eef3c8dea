/** Dotted paths (`selection.method`) into nested config objects, as the schema's form fields name them. */

/** The value at `path` in a nested object; a flat key equal to the whole path also counts. */
export function valueAt(config: Record<string, unknown>, path: string): unknown {
  if (path in config) return config[path];
  let v: unknown = config;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Sets `path` in a nested object, creating the objects on the way. */
export function setAt(config: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = config;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}
