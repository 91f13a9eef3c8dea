import * as tf from '@tensorflow/tfjs-core';
import { activeBackend } from '../../engine/backend/selectBackend';
import { evaluateLanes } from '../../engine/metrics/evaluateLanes';
import { defaultSpec } from '../../engine/models/modelSpec';
import { auxImages, seedLanes } from '../../engine/runs/laneSetup';
import { optimisationEpoch } from '../../engine/train/optimisationEpoch';
import { createLaneOptimizers } from '../../engine/train/optimizers/registry';
import { forwardLane } from '../../engine/models/forward';
import { paramLayout } from '../../engine/models/layout';
import { validateConfig } from '../../engine/config/validate';
import { paperConfigSchema } from '../../engine/scenarios/paperConfig';
import { startArmPool } from '../../engine/runs/paperRun';

/** Matmul FLOPs of one vanilla step at batch B: forward 2 layers + head, backward dU1, dU2, dh1, dHead, dh2. */
export const stepFlops = (b: number, head = 1) => 2 * b * 100 * (100 + 100 + head) + 2 * b * 100 * (100 + 100 + 100 + 2 * head);

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

function timeEpochs(kind: 'vanilla' | 'auxiliary', lanes: number, repeats: number): number[] {
  const spec = defaultSpec(kind);
  const images = kind === 'auxiliary' ? auxImages() : undefined;
  const s = seedLanes(spec, 0, lanes, images);
  const opt = createLaneOptimizers('adamax', lanes, s.lanes.layout.count);
  const weights = { replication: 1, task: kind === 'auxiliary' ? 0.01 : 0 };
  optimisationEpoch(s.lanes, opt, s.streams, { batchSize: 10, weights }); // warm-up
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    optimisationEpoch(s.lanes, opt, s.streams, { batchSize: 10, weights });
    times.push((performance.now() - t) / 1000);
  }
  for (const o of opt) o.dispose();
  s.lanes.dispose();
  for (const i of s.lanes.inputs) i.dispose();
  return times;
}

function timeFullForward(repeats: number): number[] {
  const s = seedLanes(defaultSpec('vanilla'), 0, 1);
  const e = s.lanes.inputsOf(0).fullEmbedding();
  const once = () => { const o = forwardLane(s.lanes.theta(0), s.lanes.layout, e); o.dataSync(); o.dispose(); };
  once();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    once();
    times.push(performance.now() - t);
  }
  evaluateLanes(s.lanes);
  s.lanes.dispose();
  return times;
}

/** Seconds of one vanilla Adamax epoch of K seed lanes split over `threads` worker threads (as `quinarium run --seeds K`). */
async function timeLaneGroups(lanes: number, threads: number): Promise<number> {
  const config = validateConfig(paperConfigSchema, { method: 'optimise', optimizer: 'adamax', seeds: lanes }, 'bench');
  const pool = await startArmPool({ config, first: 0, count: lanes }, threads);
  const workers = Array.from({ length: pool.size }, (_, w) => w);
  await Promise.all(workers.map((w) => pool.call(w, 'initial', null)));
  const t = performance.now();
  await Promise.all(workers.map((w) => pool.call(w, 'epoch', null)));
  const seconds = (performance.now() - t) / 1000;
  await pool.dispose();
  return seconds;
}

/** The engine's speed on the paper's protocol (vanilla Adamax epochs of 2,010 steps of 10 coordinates). */
export async function engineBench(repeats = 3): Promise<Record<string, unknown>> {
  const vanilla = timeEpochs('vanilla', 1, repeats);
  const epoch = median(vanilla);
  const steps = 2010;
  const forward = median(timeFullForward(5));
  const aux = median(timeEpochs('auxiliary', 1, Math.max(1, repeats - 1)));
  const k8 = median(timeEpochs('vanilla', 8, 1));
  const k8threads = await timeLaneGroups(8, 2);
  return {
    backend: activeBackend().name,
    simd: activeBackend().simd ?? null,
    vanillaAdamaxEpochSeconds: epoch,
    vanillaAdamaxEpochSecondsAll: vanilla,
    microsecondsPerStep: (epoch / steps) * 1e6,
    fullForwardMs: forward,
    auxiliaryEpochSeconds: aux,
    lanes8: { epochSeconds: k8, laneEpochsPerSecond: 8 / k8, speedupOverOneLane: (8 / k8) / (1 / epoch) },
    lanes8TwoThreads: { epochSeconds: k8threads, laneEpochsPerSecond: 8 / k8threads, speedupOverOneLane: (8 / k8threads) / (1 / epoch) },
    achievedGflops: { oneLane: (stepFlops(10) * steps) / epoch / 1e9, eightLanes: (8 * stepFlops(10) * steps) / k8 / 1e9, fullForward: (2 * paramLayout('vanilla').count * 100 * 201) / (forward / 1000) / 1e9 },
    pytorchOpenblasReference: { vanillaAdamaxEpochSeconds: 0.44, fullForwardMs: 17, auxiliaryEpochSeconds: 0.85 },
  };
}
