import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import type { QueueTraffic } from '../../engine/distributed/queuePool';
import { evolutionProbeJobs } from '../../engine/evolve/compute/probeJobs';
import { createEvolutionSession, resolveEvolutionConfig } from '../../engine/evolve/evolutionSession';
import { evolutionJobs } from '../../engine/evolve/compute/laneJobs';
import { contextSpecOf, evolutionSpec } from '../../engine/evolve/compute/evolutionContext';
import { initialState } from '../../engine/evolve/evolutionState';
import { askLearning } from '../../engine/evolve/generation';
import { loadMnist } from '../../engine/data/mnist';
import { paramLayout } from '../../engine/models/layout';
import { InProcessPool } from '../../engine/threads/pool';

interface Measured {
  /** Wall seconds per generation (the gaps between generation events; the first and last generations left out). */
  seconds: number[];
  median: number;
  /** Per generation: the queue's traffic (jobs, bytes, coordinator milliseconds), when it ran on the queue. */
  traffic: Partial<QueueTraffic>[];
}

/**
 * One evolve/default run of K individuals for `generations`, its jobs on `jobs` (the probe
 * table: full-size payloads, no computing), on `threads` local threads or the queue at `redis`.
 */
async function timedRun(o: { population: number; generations: number; probe: boolean; threads?: number; redis?: string }): Promise<Measured> {
  const out = mkdtempSync(join(tmpdir(), 'quinarium-queue-bench-'));
  let latest: QueueTraffic | null = null;
  const session = createEvolutionSession({
    preset: 'evo/default',
    // A fresh seed each run: job ids are content hashes, so a run Redis has seen would be served from its results.
    overrides: { population: o.population, generations: o.generations, checkpointEvery: 1_000_000, seed: Math.floor(Math.random() * 2 ** 31) },
    outDir: out,
    threads: o.threads ?? 1,
    jobs: o.probe ? evolutionProbeJobs : undefined,
    queue: o.redis ? { redis: o.redis, observe: (t) => { latest = { ...t }; } } : undefined,
  });
  const stamps: number[] = [];
  const traffic: Partial<QueueTraffic>[] = [];
  let before: QueueTraffic | null = null;
  session.on((e) => {
    if (e.type !== 'generation') return;
    stamps.push(performance.now());
    const now = latest as QueueTraffic | null;
    if (now) {
      traffic.push(Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - ((before as Record<string, number> | null)?.[k] ?? 0)])));
      before = now;
    }
  });
  const t0 = performance.now();
  await session.start();
  if (session.error) throw session.error;
  rmSync(out, { recursive: true, force: true });
  // Generations with reproduction only: the first also starts the pool, the last has no regeneration.
  const seconds = stamps.map((s, i) => (s - (i === 0 ? t0 : stamps[i - 1])) / 1000).slice(1, -1);
  const sorted = [...seconds].sort((a, b) => a - b);
  return { seconds, median: sorted[sorted.length >> 1], traffic: traffic.slice(1, -1) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/**
 * What one job of evo/default costs on one thread, computed in this thread: lifetime
 * learning + evaluation of a founder (S = 100 steps), and one regeneration (a full forward
 * pass over the 21,100 coordinates), medians over `count` of each.
 */
async function jobCosts(count = 5): Promise<Record<string, number>> {
  const config = resolveEvolutionConfig('evo/default', { population: count });
  const spec = evolutionSpec(config);
  const n = paramLayout('auxiliary').count;
  const trainCount = loadMnist().train.count - config.evaluation.validation;
  const pool = await InProcessPool.start(evolutionJobs, [contextSpecOf(config)]);
  const { state } = initialState(config, spec, trainCount);
  const learn: number[] = [];
  const regenerate: number[] = [];
  for (const job of askLearning(state, config, { n, trainCount, coordinates: [] })) {
    let t = performance.now();
    const r = await pool.call(0, 'learnEvaluate', job);
    learn.push(performance.now() - t);
    t = performance.now();
    await pool.call(0, 'regenerate', { theta: r.theta, rows: Int32Array.from({ length: n }, (_, i) => (i * 7919) % trainCount) });
    regenerate.push(performance.now() - t);
  }
  await pool.dispose();
  return { learnEvaluateMs: median(learn), regenerateMs: median(regenerate) };
}

/**
 * The queue's overhead (`quinarium bench --only queue --redis URL`, with `quinarium worker`s
 * already serving that Redis): at each population, a generation of probe jobs (the
 * evolution's payloads and results at full size, no computing) in one local thread — the
 * coordinator's own work — and through the queue, whose difference is the queue's cost per
 * generation and per job; then, at `real` populations, generations of real jobs locally (one
 * and two threads) and through the queue.
 */
export async function queueBench(redis: string, o: { populations: number[]; real: number[]; generations: number }): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = { redis: redis.replace(/:[^:@/]*@/, ':***@'), loadBefore: loadavg() };
  result.jobCosts = await jobCosts();
  const probe: Record<string, unknown>[] = [];
  for (const population of o.populations) {
    const local = await timedRun({ population, generations: o.generations, probe: true, threads: 1 });
    const queued = await timedRun({ population, generations: o.generations, probe: true, redis });
    const jobs = queued.traffic.map((t) => t.jobs ?? 0);
    const jobsPerGeneration = jobs.reduce((a, b) => a + b, 0) / Math.max(1, jobs.length);
    const overhead = queued.median - local.median;
    probe.push({ population, coordinatorOnly: local, queue: queued, jobsPerGeneration, overheadSecondsPerGeneration: overhead, overheadMsPerJob: (overhead * 1000) / jobsPerGeneration });
  }
  result.probe = probe;
  const real: Record<string, unknown>[] = [];
  for (const population of o.real) {
    const generations = Math.min(o.generations, 4);
    const oneThread = await timedRun({ population, generations, probe: false, threads: 1 });
    const twoThreads = await timedRun({ population, generations, probe: false, threads: 2 });
    const queued = await timedRun({ population, generations, probe: false, redis });
    real.push({ population, oneThread, twoThreads, queue: queued });
  }
  result.real = real;
  result.loadAfter = loadavg();
  return result;
}
