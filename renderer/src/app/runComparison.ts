import type { RunSummary } from '../../../src/protocol/messages';

/** The config that describes a run's science: an evolution's resolved config, or a paper run's first arm's. */
export function scienceConfig(run: Pick<RunSummary, 'kind' | 'config'>): Record<string, unknown> {
  const c = run.config;
  if (run.kind === 'evolution' && c.config !== null && typeof c.config === 'object') return c.config as Record<string, unknown>;
  const arms = Array.isArray(c.arms) ? c.arms as { arm?: string; config?: Record<string, unknown> }[] : [];
  if (arms.length) return { ...(arms[0].config ?? {}), arms: arms.map((a) => a.arm ?? '?').join(', ') };
  return c;
}

/** A nested config as dotted paths to printable leaf values (arrays as JSON). */
export function flattenConfig(config: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(config)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [p, v] of flattenConfig(value as Record<string, unknown>, path)) out.set(p, v);
    } else {
      out.set(path, typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined');
    }
  }
  return out;
}

/**
 * The fields whose values differ between the runs, in the first run's order then any
 * others: one row per path with each run's value ('—' where a run lacks it). The
 * preset and seed usually explain the whole difference; this shows everything else.
 */
export function configDiff(configs: readonly Record<string, unknown>[]): { path: string; values: string[] }[] {
  const flat = configs.map((c) => flattenConfig(c));
  const paths: string[] = [];
  for (const f of flat) for (const p of f.keys()) if (!paths.includes(p)) paths.push(p);
  return paths
    .map((path) => ({ path, values: flat.map((f) => f.get(path) ?? '—') }))
    .filter((row) => new Set(row.values).size > 1);
}

/** Short distinct labels for runs: the preset name, with the seed and then the run's time where names repeat. */
export function runLabels(runs: readonly Pick<RunSummary, 'name' | 'seed' | 'created'>[]): string[] {
  const base = runs.map((r) => r.name);
  const withSeed = runs.map((r) => `${r.name} s${r.seed ?? '?'}`);
  return runs.map((r, i) => {
    if (base.filter((b) => b === base[i]).length === 1) return base[i];
    if (withSeed.filter((b) => b === withSeed[i]).length === 1) return withSeed[i];
    return `${withSeed[i]} ${r.created.slice(11, 19)}`;
  });
}
