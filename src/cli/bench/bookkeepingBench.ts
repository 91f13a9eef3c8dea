/**
 * The bookkeeping of a generation alone, at lineages of 10³, 10⁵ and 10⁶ rows: the births
 * and deaths of a population of 32 (30 children a generation), the measurements recorded,
 * the events, generations and timings logs appended and fsynced, lineage.csv brought up
 * to date, and a checkpoint (state.json and population.npy) — everything EvolutionRun
 * does besides computing. Issue 12: rewriting lineage.csv and putting the whole lineage
 * in every checkpoint made this grow with the run; it must stay flat. The old way
 * (lineage.csv rewritten whole, the whole lineage in state.json, with the same logs and
 * population) is timed beside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { paramLayout } from '../../engine/models/layout';
import { RandomStreams } from '../../engine/random/streams';
import { writeFileAtomic } from '../../engine/store/atomicWrite';
import { JsonlLog } from '../../engine/store/jsonlLog';
import { birth, stateFile, type EvolutionState } from '../../engine/evolve/evolutionState';
import { writeEvolutionCheckpoint } from '../../engine/evolve/evolutionCheckpoint';
import { toAlifeCsv } from '../../engine/evolve/lineage/alifeCsv';
import { Lineage, type LineageMetrics } from '../../engine/evolve/lineage/lineage';
import { LineageCsvFile } from '../../engine/evolve/lineage/lineageCsvFile';

const POPULATION = 32;
const ELITES = 2;
const N = paramLayout('auxiliary').count;

const metrics = (x: number): LineageMetrics => ({
  accuracy: 0.5 + x * 1e-7, lsr: 123.456 + x, srq: 5.1, corr: 0.01, meanAbsTheta: 0.1, r2: -0.5, srqFree: 0.2, bits: 0,
  gain: 0.9, rmsTheta: 0.14, innateAccuracy: 0.1, transmissionR2: -1, transmissionCorr: 0.001,
});

/** A state whose lineage has grown to `rows` individuals, as a run of rows / 30 generations leaves it. */
function grownState(rows: number): EvolutionState {
  const streams = new RandomStreams(0);
  const state: EvolutionState = {
    generation: 0, nextId: 0, ids: [], thetas: Array.from({ length: POPULATION }, (_, i) => new Float32Array(N).fill(i * 1e-3)),
    parentAccuracy: new Map(), parentInnate: new Map(), transmission: new Map(), pricePrevious: [],
    streams, images: streams.images(50_000), lineage: new Lineage(), foundersPending: false,
  };
  for (let i = 0; i < POPULATION; i++) state.ids.push(birth(state, null, 0, 0).id);
  while (state.lineage.size < rows) generation(state);
  return state;
}

/** One generation's lineage changes: every living measured, 30 children of the first elite, the rest die. Returns the events and the dead. */
function generation(state: EvolutionState): { events: object[]; dead: number[] } {
  const g = state.generation;
  for (const id of state.ids) state.lineage.record(id, metrics(id));
  const elites = state.ids.slice(0, ELITES);
  const events: object[] = [{ type: 'selection', generation: g, method: 'tournament', elites, parents: [] }];
  const children = Array.from({ length: POPULATION - ELITES }, () => {
    const b = birth(state, elites[0], g + 1, 0.002);
    events.push(b.event);
    return b.id;
  });
  const dead = state.ids.slice(ELITES);
  for (const id of dead) {
    state.lineage.death(id, g + 1);
    events.push({ type: 'death', id, generation: g + 1 });
  }
  state.ids = [...elites, ...children];
  state.generation = g + 1;
  return { events, dead };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export interface BookkeepingCase { rows: number; msPerGeneration: number; checkpointMs: number; oldWayMsPerGeneration: number | null }

export function bookkeepingBench(sizes = [1_000, 100_000, 1_000_000], generations = 10): { population: number; generations: number; loadAverage: number[]; cases: BookkeepingCase[] } {
  const cases: BookkeepingCase[] = [];
  for (const rows of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'quinarium-bookkeeping-'));
    try {
      const state = grownState(rows);
      const csv = LineageCsvFile.rewrite(join(dir, 'lineage.csv'), state.lineage);
      const logs = ['generations', 'events', 'timings'].map((name) => new JsonlLog(join(dir, `${name}.jsonl`)));
      const perGeneration: number[] = [];
      const checkpoint: number[] = [];
      for (let i = 0; i < generations; i++) {
        const t0 = performance.now();
        const { events, dead } = generation(state);
        for (const e of events) logs[1].append(e);
        logs[0].append({ generation: state.generation, population: POPULATION, bestAccuracy: 0.5 });
        logs[2].append({ generation: state.generation, seconds: 1 });
        for (const log of logs) log.flush();
        csv.update(state.lineage, dead);
        const t1 = performance.now();
        writeEvolutionCheckpoint(dir, stateFile(state, {
          logs: { generations: logs[0].position, events: logs[1].position, timings: logs[2].position },
          dead: csv.deadSection, seconds: 0, configHash: '0'.repeat(64), best: null,
        }), state.thetas, N);
        const t2 = performance.now();
        perGeneration.push(t2 - t0);
        checkpoint.push(t2 - t1);
      }
      // The old way, for comparison: the same generation, with lineage.csv rewritten whole and
      // the whole lineage in state.json, as before issue 12 (one round at 10⁶ rows).
      const old: number[] = [];
      for (let i = 0; i < (rows > 100_000 ? 1 : 3); i++) {
        const t0 = performance.now();
        const { events } = generation(state);
        for (const e of events) logs[1].append(e);
        logs[0].append({ generation: state.generation, population: POPULATION, bestAccuracy: 0.5 });
        for (const log of logs) log.flush();
        writeFileAtomic(join(dir, 'lineage-old.csv'), toAlifeCsv(state.lineage));
        const file = stateFile(state, {
          logs: { generations: logs[0].position, events: logs[1].position, timings: logs[2].position },
          dead: csv.deadSection, seconds: 0, configHash: '0'.repeat(64), best: null,
        });
        writeEvolutionCheckpoint(dir, { ...file, lineage: state.lineage.toJSON() }, state.thetas, N);
        old.push(performance.now() - t0);
      }
      for (const log of logs) log.close();
      csv.close();
      cases.push({ rows, msPerGeneration: median(perGeneration), checkpointMs: median(checkpoint), oldWayMsPerGeneration: old.length ? median(old) : null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { population: POPULATION, generations, loadAverage: loadavg(), cases };
}
