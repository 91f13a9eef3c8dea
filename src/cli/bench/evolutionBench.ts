import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEvolutionSession } from '../../engine/evolve/evolutionSession';

/** Seconds per generation of `evo/default` with K individuals (median over generations after the first). */
export async function evolutionBench(population = 32, generations = 4): Promise<Record<string, unknown>> {
  const out = mkdtempSync(join(tmpdir(), 'quinarium-bench-'));
  const session = createEvolutionSession({ preset: 'evo/default', overrides: { population, generations }, outDir: out });
  const seconds: number[] = [];
  session.on((e) => { if (e.type === 'generation') seconds.push(e.summary.seconds ?? NaN); });
  const t = performance.now();
  await session.start();
  const total = (performance.now() - t) / 1000;
  rmSync(out, { recursive: true, force: true });
  const steady = seconds.slice(1).sort((a, b) => a - b);
  const median = steady.length ? steady[steady.length >> 1] : seconds[0];
  return { preset: 'evo/default', population, generations, secondsPerGeneration: median, generationsPerMinute: 60 / median, allGenerationSeconds: seconds, totalSeconds: total };
}
