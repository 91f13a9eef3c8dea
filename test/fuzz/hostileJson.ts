/**
 * Seeded hostile input for the fuzz tests (issue 11): values of every JSON type,
 * wrong types where a field is expected, deep and wide nesting, prototype keys,
 * path-traversal and oversized strings. Every draw comes from a named seeded stream,
 * so a failing case is found again by its seed and index.
 */
import type { Stream } from '../../src/engine/random/streams';

export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Strings that have hurt parsers and path handling somewhere. */
export const HOSTILE_STRINGS = [
  '', ' ', '../../../../etc/passwd', '/etc/passwd', '..', '../', '..\\..\\windows', '%2e%2e%2f%2e%2e%2f', 'runs/../../x',
  '\u0000', 'a\u0000b', '\n', 'x'.repeat(5000), '🧬'.repeat(100), '__proto__', 'constructor', 'NaN', '1e309', '-0',
  'evo/default/../../etc', 'paper/../evo/default', '${HOME}', '$(rm -rf /)', '<script>alert(1)</script>', 'C:\\Windows', '//evil.example/x',
];

export const pick = <T>(rng: Stream, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** `{"k": {"k": … leaf}}`, `depth` objects deep, built without recursion. */
export function deepObject(depth: number, key = 'a', leaf: unknown = {}): unknown {
  let o: unknown = leaf;
  for (let i = 0; i < depth; i++) o = { [key]: o };
  return o;
}

/** The same as JSON text, built without recursion (JSON.stringify overflows long before 10,000 levels). */
export function deepJsonText(depth: number, key = 'a'): string {
  return `${`{"${key}":`.repeat(depth)}{}${'}'.repeat(depth)}`;
}

/** A number from the awkward ones: bounds, fractions, huge, negative, and (for in-process callers) non-finite. */
export function hostileNumber(rng: Stream, finiteOnly: boolean): number {
  const xs = [0, -0, 1, -1, 2, 3, 0.5, 1.5, -3.7, 1e9, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, 5e-324, 100_000, 1_000_000, rng.next() * 1e6 - 5e5];
  const nonFinite = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  return pick(rng, finiteOnly ? xs : [...xs, ...nonFinite]);
}

/**
 * A random value, up to `depth` levels of ordinary nesting, with keys drawn from
 * `keys` (real field names, so some of it gets past the first check), prototype
 * keys and hostile strings. Now and then a very deep or very wide value instead.
 */
export function hostileValue(rng: Stream, keys: readonly string[], depth = 3, finiteOnly = true): unknown {
  const r = rng.next();
  if (r < 0.03) return deepObject(50 + rng.int(20_000), pick(rng, keys.length ? keys : ['a']));
  if (r < 0.05) return Array.from({ length: 20_000 + rng.int(1000) }, (_, i) => i);
  if (r < 0.15 || depth <= 0) {
    const leaf = rng.int(5);
    if (leaf === 0) return null;
    if (leaf === 1) return rng.next() < 0.5;
    if (leaf === 2) return hostileNumber(rng, finiteOnly);
    return pick(rng, [...HOSTILE_STRINGS, ...keys]);
  }
  if (r < 0.3) return Array.from({ length: rng.int(4) }, () => hostileValue(rng, keys, depth - 1, finiteOnly));
  const o: Record<string, unknown> = {};
  const n = rng.int(4);
  for (let i = 0; i < n; i++) {
    const k = rng.next();
    const key = k < 0.12 ? pick(rng, PROTOTYPE_KEYS) : k < 0.25 ? pick(rng, HOSTILE_STRINGS).slice(0, 50) : pick(rng, keys.length ? keys : ['a']);
    // Defined, not assigned: "__proto__" must arrive as a key, as JSON.parse makes it.
    Object.defineProperty(o, key, { value: hostileValue(rng, keys, depth - 1, finiteOnly), enumerable: true, writable: true, configurable: true });
  }
  return o;
}

/** JSON text of `value`, or of a deep stand-in where JSON.stringify itself would overflow. */
export function toJsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return deepJsonText(20_000);
  }
}
