/**
 * Projected generation time and speed-up of a distributed evo/default run on M machines,
 * on paper, from `quinarium bench --only queue` output (README, "Beyond one machine"):
 *   npx tsx bench/queueProjection.ts bench-queue.json [cores per machine = 2] [link Gbit/s = 1]
 *
 * A generation is two phases with a barrier between them (learning + evaluation of all K,
 * then one regeneration per distinct parent), so with M machines of c threads
 *   T(M) = T_coord(K) + Q(K) + ⌈K / Mc⌉·t_learn + ⌈R / Mc⌉·t_regen + 2·B(K) / link
 * T_coord: the coordinator's own ask / tell, logs and checkpoint (probe jobs, one local thread);
 * Q: the queue's overhead per generation measured with local workers (probe jobs through the
 * queue minus T_coord), taken as fixed (serial at the coordinator and Redis);
 * t_learn, t_regen: one job on one thread (measured); R: regeneration jobs per generation
 * (measured); B: bytes through Redis per generation (measured: blobs, job data and results),
 * each crossing the link twice (into Redis, out of it), at `link` Gbit/s.
 */
import { readFileSync } from 'node:fs';

interface Traffic { jobs: number; jobBytes: number; resultBytes: number; blobUploadBytes: number; blobDownloadBytes: number }
interface Run { median: number; traffic: Traffic[] }
interface Probe { population: number; coordinatorOnly: Run; queue: Run; jobsPerGeneration: number; overheadSecondsPerGeneration: number; overheadMsPerJob: number }

const [file, coresArg, linkArg] = process.argv.slice(2);
const bench = JSON.parse(readFileSync(file, 'utf8')).queue as { jobCosts: { learnEvaluateMs: number; regenerateMs: number }; probe: Probe[] };
const cores = Number(coresArg ?? 2);
const linkBytesPerSecond = (Number(linkArg ?? 1) * 1e9) / 8;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const tLearn = bench.jobCosts.learnEvaluateMs / 1000;
const tRegen = bench.jobCosts.regenerateMs / 1000;

console.log(`job costs on one thread: learnEvaluate ${(tLearn * 1000).toFixed(0)} ms, regenerate ${(tRegen * 1000).toFixed(0)} ms; ${cores} threads a machine; ${linkArg ?? 1} Gbit/s link`);
console.log('');
console.log('| K | M | T_coord | Q (queue) | compute | network | generation | speed-up vs M = 1 | vs one machine, local threads |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const p of bench.probe) {
  const K = p.population;
  const tCoord = p.coordinatorOnly.median;
  const q = Math.max(0, p.overheadSecondsPerGeneration);
  const R = mean(p.queue.traffic.map((t) => t.jobs)) - K;
  const bytes = mean(p.queue.traffic.map((t) => t.jobBytes + t.resultBytes + t.blobUploadBytes + t.blobDownloadBytes));
  const network = (2 * bytes) / linkBytesPerSecond;
  const local = tCoord + Math.ceil(K / cores) * tLearn + Math.ceil(R / cores) * tRegen;
  let t1 = 0;
  for (const M of [1, 4, 16, 64]) {
    const compute = Math.ceil(K / (M * cores)) * tLearn + Math.ceil(R / (M * cores)) * tRegen;
    const t = tCoord + q + compute + network;
    if (M === 1) t1 = t;
    console.log(`| ${K} | ${M} | ${tCoord.toFixed(2)} s | ${q.toFixed(2)} s | ${compute.toFixed(2)} s | ${network.toFixed(2)} s | **${t.toFixed(2)} s** | ×${(t1 / t).toFixed(1)} | ×${(local / t).toFixed(1)} |`);
  }
  console.log(`| ${K} | local | ${tCoord.toFixed(2)} s | — | ${(local - tCoord).toFixed(2)} s | — | ${local.toFixed(2)} s | | (R = ${R.toFixed(1)} regenerations, B = ${(bytes / 1e6).toFixed(1)} MB a generation) |`);
}
