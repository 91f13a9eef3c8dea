import { readFileSync } from 'node:fs';
import type { RunDirectory } from '../engine/store/runDirectory';

// What a figure says about where it came from, under its title and inside its PNG:
// the preset, the seed(s), the day of the run and the Quinarium version that drew it.

let version: string | undefined;

/** Quinarium's version, from its package.json. */
export function quinariumVersion(): string {
  if (version === undefined) {
    try {
      version = String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version ?? 'unknown');
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

/** "seed 3", or "seeds 0–2" for lanes seeded seed … seed + seeds − 1. */
export function seedText(seed: number, seeds = 1): string {
  return seeds > 1 ? `seeds ${seed}–${seed + seeds - 1}` : `seed ${seed}`;
}

/** The seeds a run directory's config names (paper runs: its first arm's; evolution: the run's). */
function runSeeds(config: Record<string, unknown>): { seed: number; seeds: number } | null {
  const arm = (config.arms as { config?: { seed?: unknown; seeds?: unknown } }[] | undefined)?.[0]?.config;
  const evo = config.config as { seed?: unknown } | undefined;
  const seed = arm?.seed ?? evo?.seed;
  if (typeof seed !== 'number') return null;
  return { seed, seeds: typeof arm?.seeds === 'number' ? arm.seeds : 1 };
}

/** The subtitle of every figure of a run: "paper/regeneration · seeds 0–2 · run of 2026-12-05 · Quinarium 0.1.0". */
export function runSubtitle(run: RunDirectory): string {
  const seeds = runSeeds(run.config());
  const day = run.manifest.created.slice(0, 10);
  return [run.manifest.name, seeds ? seedText(seeds.seed, seeds.seeds) : null, /^\d{4}-\d\d-\d\d$/.test(day) ? `run of ${day}` : null, `Quinarium ${quinariumVersion()}`]
    .filter((part) => part !== null)
    .join(' · ');
}
