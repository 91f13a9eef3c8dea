/**
 * The shape of untrusted JSON (a WebSocket request, a config file) checked before
 * anything walks it recursively: a 60 KB request nesting 10,000 objects overflowed
 * the stack in Worker.postMessage (issue 11), and a `__proto__` key, once assigned
 * through `obj[key] = value`, replaces an object's prototype instead of naming a
 * field. The walk itself is iterative, so the check cannot overflow on what it checks.
 */

export interface JsonShapeLimits {
  /** Deepest nesting of objects and arrays (the value itself is depth 0). */
  maxDepth: number;
  /** Most objects, arrays and values in all. */
  maxNodes: number;
}

/** Keys that name an object's machinery, never a config field or a parameter. */
export const PROTOTYPE_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * `parent.key` for a key that reads as a name, else `parent["…"]` with the key
 * escaped and cut at 40 characters: a key holding a newline or 5,000 characters must
 * not break the one line an error is.
 */
export function keyPath(parent: string, key: string): string {
  if (/^[A-Za-z_$][\w$]{0,39}$/.test(key)) return `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`;
}

/** A path cut to its first and last parts when it is long (10,000 nested keys make a long path). */
function shortPath(path: string): string {
  return path.length <= 160 ? path : `${path.slice(0, 100)}…${path.slice(-50)}`;
}

/**
 * The first problem with `value`'s shape, as a clause to follow its name
 * ("nests deeper than 16 levels at …"), or null when it is within the limits and
 * holds no prototype key. `where` names the root in the paths it reports.
 */
export function jsonShapeProblem(value: unknown, where: string, limits: JsonShapeLimits): string | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: where, depth: 0 }];
  // Counted as they are found, so a huge array is refused before it is walked.
  let nodes = 1;
  const tooMany = `holds more than ${limits.maxNodes} values`;
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= limits.maxDepth) return `nests deeper than ${limits.maxDepth} levels (at ${shortPath(path)})`;
    if (Array.isArray(v)) {
      nodes += v.length;
      if (nodes > limits.maxNodes) return tooMany;
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    // Own keys only, __proto__ included (JSON.parse makes it an own property).
    const keys = Object.getOwnPropertyNames(v);
    nodes += keys.length;
    if (nodes > limits.maxNodes) return tooMany;
    for (const key of keys) {
      if (PROTOTYPE_KEYS.includes(key)) return `holds the key "${key}" at ${shortPath(path)} (a prototype key, never a field)`;
      stack.push({ value: (v as Record<string, unknown>)[key], path: keyPath(path, key), depth: depth + 1 });
    }
  }
  return null;
}
