/**
 * Projected generation time and speed-up of a distributed evo/default run on M machines,
 * on paper, from `quinarium bench --only queue` output (README, "Beyond one machine"):
 *   npx tsx bench/queueProjection.ts bench.json [workers in the bench = 2] [threads a machine = 2] [link Gbit/s = 1]
 *
 * A generation is two phases with a barrier between them (learning + evaluation of all K,
 * then one regeneration per distinct parent, R of them), so with M machines of c threads
 *   T(M) = T_coord(K) + S(K) + ⌈K / Mc⌉·(t_learn + o) + ⌈R / Mc⌉·(t_regen + o) + 2·B(K) / link
 * T_coord: the coordinator's own ask / tell, logs and lineage (probe jobs in one local thread);
 * S: the queue's serial part at the coordinator (encoding and hashing, uploading blobs and
 *   adding jobs, fetching and decoding results: QueuePool's own timers);
 * o: the queue's cost per job on a worker (probe jobs: the coordinator's wait × the bench's
 *   workers / jobs), which parallelises like the jobs;
 * t_learn, t_regen: one real job on one thread; R, B: regenerations and bytes through Redis
 *   per generation (measured), each byte crossing the link twice (into Redis, out of it).
 */
import { readFileSync } from 'node:fs';

interface Traffic { jobs: number; jobBytes: number; resultBytes: number; blobUploadBytes: number; blobDownloadBytes: number; encodeMs: number; submitMs: number; waitMs: number; fetchMs: number }
interface Run { median: number; traffic: Traffic[] }
interface Probe { population: number; coordinatorOnly: Run; queue: Run }

const [file, workersArg, threadsArg, linkArg] = process.argv.slice(2);
const bench = JSON.parse(readFileSync(file, 'utf8')).queue as { jobCosts: { learnEvaluateMs: number; regenerateMs: number }; probe: Probe[]; loadBefore: number[]; loadAfter: number[] };
const benchWorkers = Number(workersArg ?? 2);
const threads = Number(threadsArg ?? 2);
const link = Number(linkArg ?? 1);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const tLearn = bench.jobCosts.learnEvaluateMs / 1000;
const tRegen = bench.jobCosts.regenerateMs / 1000;
const s = (x: number) => `${x.toFixed(x < 10 ? 2 : 1)} s`;

console.log(`one job on one thread: learnEvaluate ${s(tLearn)}, regenerate ${s(tRegen)}; ${threads} threads a machine; ${link} Gbit/s link; load average ${bench.loadBefore[0]} → ${bench.loadAfter[0]}`);
for (const p of bench.probe) {
  const K = p.population;
  const t = p.queue.traffic;
  const tCoord = p.coordinatorOnly.median;
  const serial = mean(t.map((x) => x.encodeMs + x.submitMs + x.fetchMs)) / 1000;
  const jobs = mean(t.map((x) => x.jobs));
  const perJob = (mean(t.map((x) => x.waitMs)) / 1000) * benchWorkers / jobs;
  const R = jobs - K;
  const bytes = mean(t.map((x) => x.jobBytes + x.resultBytes + x.blobUploadBytes + x.blobDownloadBytes));
  const network = (2 * bytes * 8) / (link * 1e9);
  const local = tCoord + Math.ceil(K / threads) * tLearn + Math.ceil(R / threads) * tRegen;
  console.log(`\nK = ${K}: T_coord ${s(tCoord)}, S ${s(serial)}, o ${(perJob * 1000).toFixed(0)} ms a job, R ${R.toFixed(1)}, B ${(bytes / 1e6).toFixed(1)} MB a generation (network ${s(network)}); one machine without the queue: ${s(local)}`);
  console.log('\n| M machines | compute | generation | speed-up vs M = 1 | vs one machine, local threads |');
  console.log('|---|---|---|---|---|');
  let t1 = 0;
  for (const M of [1, 4, 16, 64]) {
    const compute = Math.ceil(K / (M * threads)) * (tLearn + perJob) + Math.ceil(R / (M * threads)) * (tRegen + perJob);
    const total = tCoord + serial + compute + network;
    if (M === 1) t1 = total;
    console.log(`| ${M} | ${s(compute)} | **${s(total)}** | ×${(t1 / total).toFixed(1)} | ×${(local / total).toFixed(1)} |`);
  }
}
