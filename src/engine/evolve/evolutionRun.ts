import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { activeBackend } from '../backend/selectBackend';
import { ImageCursor } from '../data/imageCursor';
import { loadMnist } from '../data/mnist';
import { initTheta } from '../models/init';
import { paramLayout } from '../models/layout';
import { makeProjections } from '../models/projection';
import type { ModelSpec } from '../models/modelSpec';
import { RandomStreams } from '../random/streams';
import { LANE_WORKER } from '../jobs/laneWorkerEntry';
import { createPool, type Pool } from '../threads/pool';
import type { ContextSpec } from './compute/evolutionContext';
import { evolutionJobs, type EvolutionJobs } from './compute/laneJobs';
import { toJsonSafe } from '../../shared/jsonSafe';
import type { SteppedRun } from '../session/steppedSession';
import { writeFileAtomic, writeJsonAtomic } from '../store/atomicWrite';
import { JsonlLog } from '../store/jsonlLog';
import { writeNpy } from '../store/npy';
import { ensureDir } from '../store/runDir';
import type { EvolutionConfig } from './evolutionConfig';
import { readEvolutionCheckpoint, writeEvolutionCheckpoint, type EvolutionState } from './evolutionCheckpoint';
import { generationStats } from './generationStats';
import { lifetimeLearning } from './lifetimeLearning';
import { toAlifeCsv } from './lineage/alifeCsv';
import { toJsonl } from './lineage/jsonl';
import { Lineage } from './lineage/lineage';
import { toNewick } from './lineage/newick';
import { sampleCoordinates } from './lineage/statistics';
import { individualRow, type EvolutionMeasurement, type GenerationRow, type IndividualRow } from './records';
import { mutate } from './reproduce';
import { selectionOperator } from './selection/registry';

export type { EvolutionMeasurement };

export interface EvolutionHooks {
  onPopulation?: (generation: number, rows: IndividualRow[]) => void;
  onGeneration?: (row: GenerationRow) => void;
  onBirths?: (rows: IndividualRow[]) => void;
  onDeaths?: (ids: number[], generation: number) => void;
  onLog?: (message: string) => void;
}

/** Images in the noise pool of `regeneration.input = noise` (see EvolutionContext). */
const NOISE_POOL = 256;

/**
 * A population of auxiliary quines evolving by regeneration with mutation, one lane
 * per individual. Each `step()` is one generation: lifetime learning, evaluation,
 * selection, reproduction, death; logs flushed, lineage.csv rewritten, and a
 * checkpoint every `checkpointEvery` generations.
 */
export class EvolutionRun implements SteppedRun {
  readonly spec: ModelSpec;
  private readonly n: number;
  private readonly context: ContextSpec;
  private pool: Pool<EvolutionJobs> | null = null;
  private readonly streams: RandomStreams;
  private readonly images: ImageCursor;
  private readonly trainCount: number;
  private thetas: Float32Array[];
  private readonly lineage: Lineage;
  private readonly coordinates: number[];
  private readonly generationsLog: JsonlLog;
  private readonly eventsLog: JsonlLog;
  private readonly rows: GenerationRow[] = [];
  /** Lines in events.jsonl (counted, so a checkpoint need not re-read the log). */
  private eventLines = 0;
  private ids: number[];
  private nextId: number;
  private parentAccuracy: Map<number, number>;
  private latest = new Map<number, EvolutionMeasurement>();
  private secondsBefore: number;
  private readonly started = Date.now();
  generation: number;

  constructor(readonly runDir: string, readonly config: EvolutionConfig, private readonly hooks: EvolutionHooks = {}, dataDir?: string, resume = false, private readonly threads = 1) {
    this.spec = { kind: 'auxiliary', init: config.init, encoding: 'one-hot', embedActivation: 'none' };
    this.n = paramLayout('auxiliary').count;
    this.context = { seed: config.seed, spec: this.spec, validation: config.evaluation.validation, regeneration: config.regeneration.input, dataDir };
    const train = loadMnist({ dataDir }).train;
    if (config.evaluation.validation >= train.count) {
      throw new Error(`config.evaluation.validation: must be below the ${train.count} training images`);
    }
    this.trainCount = train.count - config.evaluation.validation;
    // Fixed things (projections, pairings, noise images, diversity coordinates) come from
    // fresh streams, so a resumed run (and every compute thread) rebuilds them identically.
    const fixedStreams = new RandomStreams(config.seed);
    this.coordinates = sampleCoordinates(this.n, () => fixedStreams.get('diversity').next());
    const restored = resume ? readEvolutionCheckpoint(runDir, this.n) : null;
    // Rows written after the checkpoint by a killed process are cut before the logs reopen.
    if (restored) EvolutionRun.truncateLogs(runDir, restored.state.logLines);
    this.generationsLog = new JsonlLog(join(runDir, 'generations.jsonl'));
    this.eventsLog = new JsonlLog(join(runDir, 'events.jsonl'));
    if (restored) {
      const { state, thetas } = restored;
      this.streams = new RandomStreams(config.seed, state.streams);
      this.images = new ImageCursor(`quinarium/${config.seed}/images`, this.trainCount, state.images);
      this.lineage = Lineage.fromJSON(state.lineage);
      this.ids = state.ids;
      this.nextId = state.nextId;
      this.parentAccuracy = new Map(state.parentAccuracy);
      this.generation = state.generation;
      this.secondsBefore = state.seconds;
      this.thetas = thetas;
      this.rows.push(...JsonlLog.readJsonl<GenerationRow>(join(runDir, 'generations.jsonl')).slice(0, state.logLines.generations));
      this.eventLines = state.logLines.events;
    } else {
      this.streams = new RandomStreams(config.seed);
      this.images = new ImageCursor(`quinarium/${config.seed}/images`, this.trainCount);
      this.lineage = new Lineage();
      this.ids = [];
      this.nextId = 0;
      this.parentAccuracy = new Map();
      this.generation = 0;
      this.secondsBefore = 0;
      const init = this.streams.get('init');
      this.thetas = Array.from({ length: config.population }, () => initTheta(paramLayout('auxiliary'), this.spec.init, init));
      for (let i = 0; i < config.population; i++) this.ids.push(this.born(null, 0));
      this.writeProjections();
      this.flushLogs();
      this.checkpoint();
    }
  }

  /** Cuts the append-only logs back to a checkpoint's line counts (rows written after it are redone). */
  static truncateLogs(runDir: string, lines: EvolutionState['logLines']): void {
    for (const [file, keep] of [['generations.jsonl', lines.generations], ['events.jsonl', lines.events]] as const) {
      const path = join(runDir, file);
      if (!existsSync(path)) continue;
      let i = 0;
      JsonlLog.truncateAfter(path, () => i++ < keep);
    }
  }

  get done(): boolean { return this.generation >= this.config.generations; }

  async step(): Promise<boolean> {
    if (this.done) return false;
    const t0 = Date.now();
    const g = this.generation;
    const c = this.config;
    const pool = await this.computePool();
    // Every draw is made here, in lane order, so results do not depend on the threads.
    const coords = this.streams.get('coords');
    const draws = c.lifetime.steps * c.lifetime.batchSize;
    const results = await pool.map('learnEvaluate', this.thetas.map((theta) => ({
      theta,
      coords: Int32Array.from({ length: draws }, () => coords.int(this.n)),
      images: Int32Array.from({ length: draws }, () => this.images.next()),
      lifetime: c.lifetime,
    })));
    const measured: EvolutionMeasurement[] = results.map((r, l) => ({ id: this.ids[l], metrics: r.metrics, theta: r.theta, predictions: r.predictions }));
    this.thetas = measured.map((m) => m.theta);
    this.latest = new Map(measured.map((m) => [m.id, m]));
    for (const m of measured) {
      const x = m.metrics;
      this.lineage.record(m.id, { accuracy: x.accuracy ?? NaN, lsr: x.lsr, srq: x.srq, corr: x.corr, meanAbsTheta: x.meanAbsTheta });
    }
    this.hooks.onPopulation?.(g, this.ids.map((id) => this.row(id)));
    const row = generationStats(g, measured, this.lineage, this.parentAccuracy, this.coordinates, 0);
    if (g + 1 < c.generations) await this.reproduce(g, measured, pool);
    row.seconds = (Date.now() - t0) / 1000;
    this.rows.push(row);
    this.generationsLog.append(toJsonSafe(row) as object);
    this.hooks.onGeneration?.(row);
    this.generation = g + 1;
    this.flushLogs();
    if (this.generation % c.checkpointEvery === 0 || this.done) this.checkpoint();
    return !this.done;
  }

  /** One evolution context per compute thread (worker threads when more than one). */
  private async computePool(): Promise<Pool<EvolutionJobs>> {
    this.pool ??= await createPool(evolutionJobs, {
      entry: LANE_WORKER,
      backend: activeBackend().name,
      threadSetups: Array.from({ length: this.threads }, () => this.context),
      inProcessSetups: [this.context],
      log: (m) => this.hooks.onLog?.(m),
    });
    return this.pool;
  }

  private async reproduce(g: number, measured: EvolutionMeasurement[], pool: Pool<EvolutionJobs>): Promise<void> {
    const c = this.config;
    const rng = this.streams.get('selection');
    const candidates = measured.map((m) => ({ id: m.id, accuracy: m.metrics.accuracy ?? NaN, lsr: m.metrics.lsr }));
    const elites = Math.min(c.selection.elites, c.population - 1);
    const result = selectionOperator(c.selection.method).select(candidates, { ...c.selection, elites }, c.population - elites, () => rng.next());
    this.logEvent({ type: 'selection', generation: g, method: c.selection.method, elites: result.elites, parents: result.parents });
    const accuracyOf = new Map(candidates.map((x) => [x.id, x.accuracy]));
    // One regeneration per distinct parent (x_c drawn per coordinate); each child then gets its own mutation.
    const parents = [...new Set(result.parents)];
    const draw = this.streams.get('regeneration');
    const table = c.regeneration.input === 'noise' ? NOISE_POOL : this.trainCount;
    const regenerated = await pool.map('regenerate', parents.map((p) => ({
      theta: this.latest.get(p)!.theta,
      rows: c.regeneration.input === 'blank' ? null : Int32Array.from({ length: this.n }, () => draw.int(table)),
    })));
    const regen = new Map(parents.map((p, i) => [p, regenerated[i]]));
    const mutation = this.streams.get('mutation');
    const survivors = result.elites;
    const thetas = survivors.map((id) => this.latest.get(id)!.theta);
    const childIds: number[] = [];
    this.parentAccuracy = new Map();
    for (const p of result.parents) {
      thetas.push(mutate(Float32Array.from(regen.get(p)!), c.mutation.sigma, c.mutation.rate, mutation));
      const id = this.born(p, g + 1);
      childIds.push(id);
      this.parentAccuracy.set(id, accuracyOf.get(p)!);
    }
    const keep = new Set(survivors);
    const dead = this.ids.filter((id) => !keep.has(id));
    for (const id of dead) {
      this.lineage.death(id, g + 1);
      this.logEvent({ type: 'death', id, generation: g + 1 });
    }
    this.ids = [...survivors, ...childIds];
    this.thetas = thetas;
    this.hooks.onBirths?.(childIds.map((id) => this.row(id)));
    this.hooks.onDeaths?.(dead, g + 1);
  }

  private logEvent(record: object): void {
    this.eventsLog.append(record);
    this.eventLines += 1;
  }

  private born(parent: number | null, generation: number): number {
    const id = this.nextId++;
    const sigma = parent === null ? 0 : this.config.mutation.sigma;
    this.lineage.birth({ id, parent, generation, sigma });
    this.logEvent({ type: 'birth', id, parent, generation, sigma });
    return id;
  }

  row(id: number): IndividualRow {
    const ind = this.lineage.get(id);
    if (!ind) throw new Error(`evolution: no individual ${id}`);
    return individualRow(ind);
  }

  /** The weights an individual carries now (living only), coordinate order. */
  currentWeights(id: number): Float32Array | undefined {
    const lane = this.ids.indexOf(id);
    return lane < 0 ? undefined : this.thetas[lane];
  }

  /** The weights an individual had when last measured (after its lifetime learning). */
  measuredWeights(id: number): Float32Array | undefined {
    return this.latest.get(id)?.theta;
  }

  individuals(): IndividualRow[] { return this.lineage.individuals().map((i) => this.row(i.id)); }
  generations(): GenerationRow[] { return [...this.rows]; }
  living(): number[] { return [...this.ids]; }

  /** An individual's metrics, ancestry and (while alive) its W1/W2 beside their predictions. */
  inspect(id: number): { individual: IndividualRow; ancestry: IndividualRow[]; weights?: { name: string; rows: number; cols: number; theta: number[]; predicted: number[] }[] } {
    const individual = this.row(id);
    // Lineage.ancestry runs from the individual up to its founder; the protocol wants founder first.
    const ancestry = this.lineage.ancestry(id).reverse().map((a) => this.row(a));
    const m = this.latest.get(id);
    const weights = m ? paramLayout('auxiliary').blocks.filter((b) => b.name === 'W1' || b.name === 'W2').map((b) => {
      const size = b.shape[0] * b.shape[1];
      return { name: b.name, rows: b.shape[0], cols: b.shape[1], theta: Array.from(m.theta.subarray(b.offset, b.offset + size)), predicted: Array.from(m.predictions.subarray(b.offset, b.offset + size)) };
    }) : undefined;
    return { individual, ancestry, weights };
  }

  exportLineage(format: 'alife-csv' | 'newick' | 'jsonl'): string {
    return format === 'alife-csv' ? toAlifeCsv(this.lineage) : format === 'newick' ? toNewick(this.lineage) : toJsonl(this.lineage);
  }

  snapshot(): void { this.checkpoint(); }

  async finish(): Promise<Record<string, unknown>> {
    this.flushLogs();
    this.checkpoint();
    this.generationsLog.close();
    this.eventsLog.close();
    const best = [...this.latest.values()].sort((a, b) => (b.metrics.accuracy ?? -1) - (a.metrics.accuracy ?? -1))[0];
    const info = activeBackend();
    const summary = toJsonSafe({
      kind: 'evolution',
      backend: info.name,
      versions: info.versions,
      generations: this.generation,
      population: this.config.population,
      individuals: this.lineage.size,
      final: this.rows.at(-1) ?? null,
      best: best ? { id: best.id, validationAccuracy: best.metrics.accuracy, testAccuracy: await this.testAccuracyOf(best.id), lsr: best.metrics.lsr, srq: best.metrics.srq, corr: best.metrics.corr } : null,
      seconds: this.secondsBefore + (Date.now() - this.started) / 1000,
    }) as Record<string, unknown>;
    writeJsonAtomic(join(this.runDir, 'summary.json'), summary);
    await this.pool?.dispose();
    this.pool = null;
    return summary;
  }

  /** Test-set accuracy of a measured individual: reported only, never selected on. */
  private async testAccuracyOf(id: number): Promise<number | null> {
    const m = this.latest.get(id);
    if (!m) return null;
    return (await this.computePool()).call(0, 'testAccuracy', m.theta);
  }

  private flushLogs(): void {
    this.generationsLog.flush();
    this.eventsLog.flush();
    writeFileAtomic(join(this.runDir, 'lineage.csv'), toAlifeCsv(this.lineage));
  }

  private checkpoint(): void {
    const state: EvolutionState = {
      format: 'quinarium-evolution/1',
      generation: this.generation,
      nextId: this.nextId,
      ids: this.ids,
      parentAccuracy: [...this.parentAccuracy],
      streams: this.streams.states(),
      images: this.images.state(),
      lineage: this.lineage.toJSON(),
      logLines: { generations: this.rows.length, events: this.eventLines },
      seconds: this.secondsBefore + (Date.now() - this.started) / 1000,
    };
    writeEvolutionCheckpoint(this.runDir, state, this.thetas, this.n);
  }

  /** The fixed projections, once, for analysis without Quinarium (numpy.load). */
  private writeProjections(): void {
    const p = makeProjections(this.spec, this.n, new RandomStreams(this.config.seed).get('projection'));
    const dir = ensureDir(join(this.runDir, 'checkpoints', 'projections'));
    writeNpy(join(dir, 'Pc.npy'), p.coord, [this.n, p.coordUnits]);
    writeNpy(join(dir, 'Px.npy'), p.pixel!, [p.coordUnits, 784]);
  }
}


