import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selectBackend, type BackendName } from '../../engine/backend/selectBackend';
import { createEvolutionSession } from '../../engine/evolve/evolutionSession';

/** Seconds per generation of `evo/default` with K individuals (median over generations after the first). */
async function timeGenerations(population: number, generations: number): Promise<Record<string, unknown>> {
  const out = mkdtempSync(join(tmpdir(), 'quinarium-bench-'));
  const session = createEvolutionSession({ preset: 'evo/default', overrides: { population, generations }, outDir: out });
  const seconds: number[] = [];
  // CPU seconds of the whole process (main thread and both workers) per generation.
  const cpu: number[] = [];
  let mark = process.cpuUsage();
  session.on((e) => {
    if (e.type !== 'generation') return;
    seconds.push(e.summary.seconds ?? NaN);
    const d = process.cpuUsage(mark);
    cpu.push((d.user + d.system) / 1e6);
    mark = process.cpuUsage();
  });
  const t = performance.now();
  await session.start();
  const total = (performance.now() - t) / 1000;
  rmSync(out, { recursive: true, force: true });
  const steady = seconds.slice(1).sort((a, b) => a - b);
  const median = steady.length ? steady[steady.length >> 1] : seconds[0];
  const steadyCpu = cpu.slice(1).sort((a, b) => a - b);
  const cpuMedian = steadyCpu.length ? steadyCpu[steadyCpu.length >> 1] : cpu[0];
  return {
    secondsPerGeneration: median, generationsPerMinute: 60 / median, allGenerationSeconds: seconds, totalSeconds: total,
    // Two cores: a generation cannot take less wall time than half its CPU time.
    cpuSecondsPerGeneration: cpuMedian, allGenerationCpuSeconds: cpu, halfCpuSecondsPerGeneration: cpuMedian / 2,
  };
}

/** `evo/default` on the tfjs path and on the fused kernels (two worker threads each), against PyTorch's 3.5 s a generation. */
export async function evolutionBench(population = 32, generations = 4, tfjsBackend: BackendName = 'wasm'): Promise<Record<string, unknown>> {
  await selectBackend(tfjsBackend);
  const tfjs = await timeGenerations(population, generations);
  await selectBackend('fused');
  const fused = await timeGenerations(population, generations);
  const seconds = fused.secondsPerGeneration as number;
  return {
    preset: 'evo/default', population, generations, tfjs, fused,
    speedupFusedOverTfjs: (tfjs.secondsPerGeneration as number) / seconds,
    pytorchBmmReferenceSecondsPerGeneration: 3.5,
    target: { secondsPerGeneration: 2.3, fused: seconds, met: seconds <= 2.3 },
  };
}
