import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { activeBackend } from '../backend/selectBackend';
import { loadMnist } from '../data/mnist';
import { paramLayout } from '../models/layout';
import { reproductionPairing, seededPairings } from '../models/fixedInputs';
import { IMAGE_PIXELS } from '../models/modelSpec';
import { makeProjections } from '../models/projection';
import type { ModelSpec } from '../models/modelSpec';
import { RandomStreams } from '../random/streams';
import { LANE_WORKER } from '../jobs/laneWorkerEntry';
import type { Pool } from '../threads/pool';
import { createComputePool, type QueueSettings } from '../distributed/computePool';
import { contextSpecOf, evolutionSpec, type ContextSpec } from './compute/evolutionContext';
import { evolutionJobs, type EvolutionJobs } from './compute/laneJobs';
import type { ExportFormat } from '../../protocol/names';
import { toJsonSafe } from '../../shared/jsonSafe';
import type { SteppedRun } from '../session/steppedSession';
import { writeJsonAtomic } from '../store/atomicWrite';
import { CheckpointError } from '../store/errors';
import type { RunLock } from '../store/runLock';
import { JsonlLog } from '../store/jsonlLog';
import { writeNpy } from '../store/npy';
import { ensureDir } from '../store/runDir';
import type { RunDirectory } from '../store/runDirectory';
import { trainingImagesLeft, type EvolutionConfig } from './evolutionConfig';
import { configHash, livingIndividuals, removeFinalPopulation, writeEvolutionCheckpoint, writeFinalPopulation, type BestRecord, type EvolutionStateFile } from './evolutionCheckpoint';
import { distinctFounders, initialState, mutateCopies, stateFile, stateFromFile, type EvolutionEvent, type EvolutionState } from './evolutionState';
import { loadFounders, writeFounders, FOUNDERS_DIR } from './founders';
import { askLearning, tellLearning, tellRegenerated, type GenerationContext } from './generation';
import { Lineage } from './lineage/lineage';
import { LineageCsvFile } from './lineage/lineageCsvFile';
import { AbundanceLog } from './lineage/abundanceLog';
import { exportLineage } from './lineage/exportLineage';
import { cladeSizes } from './lineage/livingPhylogeny';
import { sampleCoordinates } from './lineage/statistics';
import { bestIndividual } from './generationStats';
import { individualRow, type EvolutionMeasurement, type GenerationRow, type IndividualRow } from './records';

export type { EvolutionMeasurement };

export interface EvolutionHooks {
  onPopulation?: (generation: number, rows: IndividualRow[]) => void;
  onGeneration?: (row: GenerationRow) => void;
  onBirths?: (rows: IndividualRow[]) => void;
  onDeaths?: (ids: number[], generation: number) => void;
  onLog?: (message: string) => void;
}

export interface EvolutionRunOptions {
  hooks?: EvolutionHooks;
  dataDir?: string;
  /** Compute threads (worker threads when > 1). */
  threads?: number;
  /** Send the jobs to a BullMQ queue on Redis (`quinarium worker`s compute them) instead of local threads. */
  queue?: QueueSettings;
  /** The job table (default evolutionJobs; the bench's probe table measures everything but the computing). */
  jobs?: EvolutionJobs;
  /** The run directory's lock, when the caller took it already (resume takes it before reading anything). */
  lock?: RunLock;
  /** What holds the lock, for the message a second writer gets (`evolve`, `resume`, `serve`). */
  purpose?: string;
  /** create() in a run directory that was killed before its first checkpoint: its logs are emptied first. */
  startOver?: boolean;
}

/** One line of timings.jsonl: wall-clock seconds of a generation, kept apart so the other logs are reproducible to the byte. */
export interface GenerationTiming { generation: number; seconds: number }

/**
 * A population of auxiliary quines evolving by regeneration with mutation, one lane
 * per individual: the runner around generation.ts's ask / tell. It owns the compute
 * pool, the run directory's lock, the logs and the checkpoints; the EvolutionState is
 * everything else, and a checkpoint is that state. Each `step()` is one generation:
 * lifetime learning, evaluation, selection, reproduction, death; logs flushed,
 * lineage.csv brought up to date, and a checkpoint every `checkpointEvery`
 * generations and before the last one (see `checkpointDue`).
 */
export class EvolutionRun implements SteppedRun {
  readonly spec: ModelSpec;
  private readonly n: number;
  private readonly context: ContextSpec;
  private readonly generationContext: GenerationContext;
  private pool: Pool<EvolutionJobs> | null = null;
  private readonly hooks: EvolutionHooks;
  private readonly threads: number;
  private readonly queue?: QueueSettings;
  private readonly jobs: EvolutionJobs;
  private readonly generationsLog: JsonlLog;
  private readonly eventsLog: JsonlLog;
  private readonly timingsLog: JsonlLog;
  /** abundance.csv, cut back to the checkpoint's generation on resume (lineage/abundanceLog.ts). */
  private readonly abundance: AbundanceLog;
  private readonly lineageCsv: LineageCsvFile;
  private readonly rows: GenerationRow[] = [];
  /** The latest measurement of each living individual (for inspect and the summary; not checkpointed). */
  private latest = new Map<number, EvolutionMeasurement>();
  /** The best of the last measured generation, as the summary reports it (checkpointed). */
  private best: { generation: number; record: BestRecord } | null = null;
  private secondsBefore = 0;
  private readonly started = Date.now();
  private lastCheckpoint = -1;
  private readonly hash: string;
  private lock: RunLock | null;

  readonly runDir: string;

  private constructor(private readonly files: RunDirectory, readonly config: EvolutionConfig, private state: EvolutionState, o: EvolutionRunOptions, lock: RunLock, restored?: { file: EvolutionStateFile; csv: LineageCsvFile }) {
    this.runDir = files.dir;
    this.lock = lock;
    this.hooks = o.hooks ?? {};
    this.threads = o.threads ?? 1;
    this.queue = o.queue;
    this.jobs = o.jobs ?? evolutionJobs;
    this.spec = evolutionSpec(config);
    this.n = paramLayout('auxiliary').count;
    this.hash = configHash(config);
    this.context = contextSpecOf(config, o.dataDir);
    // Fixed things (projections, pairings, noise images, diversity coordinates) come from
    // fresh streams, so a resumed run (and every compute thread) rebuilds them identically.
    const diversity = new RandomStreams(config.seed).fixed('diversity');
    this.generationContext = { n: this.n, trainCount: trainCount(config, o.dataDir), coordinates: sampleCoordinates(this.n, () => diversity.next()) };
    const file = restored?.file;
    if (file && !file.logs) EvolutionRun.truncateLogsByLines(files, file.logLines!);
    // Rows written after the checkpoint by a killed process are cut as the logs reopen.
    const empty = o.startOver ? { lines: 0, bytes: 0 } : undefined;
    this.generationsLog = new JsonlLog(files.path('generations'), file?.logs?.generations ?? empty);
    this.eventsLog = new JsonlLog(files.path('events'), file?.logs?.events ?? empty);
    this.timingsLog = new JsonlLog(files.path('timings'), file?.logs?.timings ?? empty);
    this.lineageCsv = restored?.csv ?? LineageCsvFile.create(files.path('lineage'));
    // Rows of generations at or after the state's are cut (none kept when a run starts over).
    this.abundance = new AbundanceLog(files.path('abundance'), state.generation, state.lineage);
    if (file) {
      this.secondsBefore = file.seconds;
      this.lastCheckpoint = file.generation;
      if (file.best) this.best = { generation: file.generation - 1, record: file.best };
      const timings = new Map(JsonlLog.readJsonl<GenerationTiming>(files.path('timings')).map((t) => [t.generation, t.seconds]));
      for (const row of JsonlLog.readJsonl<GenerationRow>(files.path('generations'))) this.rows.push({ ...row, ...(timings.has(row.generation) ? { seconds: timings.get(row.generation)! } : {}) });
    }
  }

  /** A new run in `runDir` (manifest and config.json already written): founders born, projections written, checkpointed. */
  static create(runDir: RunDirectory, config: EvolutionConfig, o: EvolutionRunOptions = {}): EvolutionRun {
    const lock = o.lock ?? runDir.lock(o.purpose ?? 'evolve');
    try {
      const spec = evolutionSpec(config);
      const loaded = config.founders.from.trim() ? loadFounders(config, spec, runProjections(config)) : undefined;
      const { state, events } = initialState(config, spec, trainCount(config, o.dataDir), loaded);
      const run = new EvolutionRun(runDir, config, state, o, lock);
      run.logEvents(events);
      run.writeProjections();
      run.flushLogs([]);
      run.writeCheckpoint(null);
      return run;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /**
   * Continues `runDir` from its last checkpoint, read and validated by the caller
   * (resumeEvolutionSession, which also cleans what a killed writer left): logs cut back
   * to it, lineage.csv cut to its dead part and its living rewritten, the lineage rebuilt
   * from those dead rows and the checkpoint's living.
   */
  static resume(runDir: RunDirectory, config: EvolutionConfig, o: EvolutionRunOptions, checkpoint: { state: EvolutionStateFile; thetas: Float32Array[] }): EvolutionRun {
    const lock = o.lock ?? runDir.lock(o.purpose ?? 'resume');
    try {
      const { state: file, thetas } = checkpoint;
      let lineage: Lineage;
      let csv: LineageCsvFile;
      if ('living' in file.lineage) {
        const resumed = LineageCsvFile.resume(runDir.path('lineage'), file.lineage.dead);
        csv = resumed.file;
        try {
          lineage = Lineage.fromIndividuals([...resumed.deadRows, ...livingIndividuals(file.lineage)]);
        } catch (err) {
          csv.close();
          throw new CheckpointError(`${runDir.path('lineage')} and the checkpoint's living do not make one lineage: ${(err as Error).message}`);
        }
      } else {
        // A format-1 checkpoint holds the whole lineage: lineage.csv is written anew in today's order.
        lineage = Lineage.fromJSON(file.lineage);
        csv = LineageCsvFile.rewrite(runDir.path('lineage'), lineage);
      }
      const state = stateFromFile(file, thetas, config.seed, trainCount(config, o.dataDir), lineage);
      const run = new EvolutionRun(runDir, config, state, o, lock, { file, csv });
      run.lineageCsv.update(state.lineage, []);
      // A final population belongs to the run as it ended; this resume continues it and writes its own.
      removeFinalPopulation(runDir.dir);
      return run;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /** Format-1 checkpoints counted lines: cut the logs back to those counts (rows written after it are redone). */
  private static truncateLogsByLines(runDir: RunDirectory, lines: { generations: number; events: number }): void {
    for (const [file, keep] of [['generations', lines.generations], ['events', lines.events], ['timings', lines.generations]] as const) {
      const path = runDir.path(file);
      if (!existsSync(path)) continue;
      let i = 0;
      JsonlLog.truncateAfter(path, () => i++ < keep);
    }
  }

  /** The next generation to run. */
  get generation(): number { return this.state.generation; }
  get done(): boolean { return this.state.generation >= this.config.generations; }
  /** The living population's weights, lane order. */
  get thetas(): readonly Float32Array[] { return this.state.thetas; }

  async step(): Promise<boolean> {
    if (this.done) return false;
    const pool = await this.computePool();
    if (this.state.foundersPending) await this.solveFounders();
    const t0 = Date.now();
    const g = this.state.generation;
    const c = this.config;
    const results = await this.closingOnError(pool.map('learnEvaluate', askLearning(this.state, c, this.generationContext)));
    const learned = tellLearning(this.state, c, results, this.generationContext);
    this.abundance.append(g, cladeSizes(this.state.lineage, this.state.ids));
    this.latest = new Map(learned.measured.map((m) => [m.id, m]));
    this.hooks.onPopulation?.(g, this.state.ids.map((id) => this.row(id)));
    this.logEvents(learned.events);
    const out = tellRegenerated(this.state, c, learned, await this.closingOnError(pool.map('regenerate', learned.regenerate)));
    this.logEvents(out.events);
    if (learned.reproduction) {
      this.hooks.onBirths?.(out.births.map((id) => this.row(id)));
      this.hooks.onDeaths?.(out.deaths, this.state.generation);
    }
    const row = learned.row;
    const { seconds: _clock, ...stored } = row;
    this.generationsLog.append(toJsonSafe(stored) as object);
    // Wall-clock time goes to its own log: generations.jsonl stays reproducible to the byte.
    const seconds = (Date.now() - t0) / 1000;
    this.timingsLog.append({ generation: g, seconds } satisfies GenerationTiming);
    row.seconds = seconds;
    this.rows.push(row);
    this.hooks.onGeneration?.(row);
    this.flushLogs(out.deaths);
    if (this.checkpointDue()) await this.checkpoint();
    return !this.done;
  }

  /**
   * A checkpoint every `checkpointEvery` generations, and one before the last generation
   * (none after it): the last generation does not reproduce, so a checkpoint taken after
   * it could not be extended exactly, while one before it can — `resume --generations N`
   * redoes the last generation with its reproduction and gives a fresh N-generation run.
   */
  private checkpointDue(): boolean {
    const g = this.state.generation;
    return !this.done && g !== this.lastCheckpoint && (g % this.config.checkpointEvery === 0 || g === this.config.generations - 1);
  }

  /**
   * founders.solve newton: each distinct founder solved into a quine of this run's own
   * reproduction map (split over the compute threads), its copies made from it and
   * mutated, the founders written as quine checkpoints, and the state checkpointed. A
   * run killed during the solve solves again on resume (no draw is made before it ends).
   */
  private async solveFounders(): Promise<void> {
    const c = this.config.founders;
    const d = distinctFounders(this.state);
    // Loaded founders are quines already (of this map, or of one close to it): Newton only, on the run's own map.
    const loaded = c.from.trim() !== '';
    const options = { projective: loaded ? 0 : c.projective, beta: c.beta, newtonSteps: c.newtonSteps, krylov: c.krylov, continuation: loaded ? 0 : c.continuation, stageTolerance: c.stageTolerance };
    this.hooks.onLog?.(`solving ${d} founder quine${d === 1 ? '' : 's'} on the run's reproduction map (${options.projective} damped projective regenerations, β ${c.beta}, then up to ${c.newtonSteps} Newton–Krylov steps of ${c.krylov} JVPs${options.continuation ? ` on each of ${c.continuation + 1} continuation stages from the blank image to the run's pairing` : ''})…`);
    const pool = await this.computePool();
    const solved = await this.closingOnError(pool.map('solveFounder', this.state.thetas.slice(0, d).map((theta) => ({ theta, options }))));
    solved.forEach((s, k) => {
      this.state.thetas[k] = s.theta;
      const r = s.report;
      this.hooks.onLog?.(`founder ${this.state.ids[k]}: r2 ${r.r2Start.toPrecision(3)} → ${r.r2Projective.toPrecision(3)} (projective) → ${r.r2.toFixed(6)} after ${r.newtonSteps} Newton steps, ‖F‖/‖θ‖ ${r.relativeResidual.toExponential(2)}${r.converged ? '' : ' (not converged)'}`);
    });
    mutateCopies(this.state, this.config, d);
    this.state.foundersPending = false;
    writeFounders(this.runDir, this.config, this.spec, runProjections(this.config), solved.map((s) => s.theta), solved.map((s) => s.report));
    this.hooks.onLog?.(`founders written to ${join(this.runDir, FOUNDERS_DIR)}`);
    await this.checkpoint();
  }

  /** One evolution context per compute thread (worker threads when more than one), or the distributed queue. */
  private async computePool(): Promise<Pool<EvolutionJobs>> {
    this.pool ??= await createComputePool(this.jobs, {
      queue: this.queue,
      entry: LANE_WORKER,
      backend: activeBackend().name,
      threadSetups: Array.from({ length: this.threads }, () => this.context),
      inProcessSetups: [this.context],
      log: (m) => this.hooks.onLog?.(m),
    });
    return this.pool;
  }

  /**
   * A pool that failed (a worker thread died, Redis was lost) is closed before the error
   * goes on, so no thread or connection keeps the process alive; the state is untouched
   * (the generation had not been told its results), and a resume redoes it.
   */
  private async closingOnError<R>(work: Promise<R>): Promise<R> {
    try {
      return await work;
    } catch (e) {
      const pool = this.pool;
      this.pool = null;
      await pool?.dispose().catch(() => undefined);
      throw e;
    }
  }

  private logEvents(events: EvolutionEvent[]): void {
    for (const e of events) this.eventsLog.append(e);
  }

  row(id: number): IndividualRow {
    const ind = this.state.lineage.get(id);
    if (!ind) throw new Error(`evolution: no individual ${id}`);
    return individualRow(ind);
  }

  /** The weights an individual carries now (living only), coordinate order. */
  currentWeights(id: number): Float32Array | undefined {
    const lane = this.state.ids.indexOf(id);
    return lane < 0 ? undefined : this.state.thetas[lane];
  }

  /** The weights an individual had when last measured (after its lifetime learning). */
  measuredWeights(id: number): Float32Array | undefined {
    return this.latest.get(id)?.theta;
  }

  individuals(): IndividualRow[] { return this.state.lineage.individuals().map((i) => this.row(i.id)); }
  generations(): GenerationRow[] { return [...this.rows]; }
  living(): number[] { return [...this.state.ids]; }

  /** An individual's metrics, ancestry and (while alive) its W1/W2 beside their predictions. */
  inspect(id: number): { individual: IndividualRow; ancestry: IndividualRow[]; weights?: { name: string; rows: number; cols: number; theta: number[]; predicted: number[] }[] } {
    const individual = this.row(id);
    // Lineage.ancestry runs from the individual up to its founder; the protocol wants founder first.
    const ancestry = this.state.lineage.ancestry(id).reverse().map((a) => this.row(a));
    const m = this.latest.get(id);
    const weights = m ? paramLayout('auxiliary').blocks.filter((b) => b.name === 'W1' || b.name === 'W2').map((b) => {
      const size = b.shape[0] * b.shape[1];
      return { name: b.name, rows: b.shape[0], cols: b.shape[1], theta: Array.from(m.theta.subarray(b.offset, b.offset + size)), predicted: Array.from(m.predictions.subarray(b.offset, b.offset + size)) };
    }) : undefined;
    return { individual, ancestry, weights };
  }

  exportLineage(format: ExportFormat): string {
    return exportLineage(this.state.lineage, format);
  }

  async snapshot(): Promise<void> {
    // After the last generation there is nothing to resume: its checkpoint is the one before it.
    if (!this.done) await this.checkpoint();
  }

  /**
   * Ends the run (done, or stopped between generations): logs closed, a checkpoint if the
   * run stopped somewhere other than its last one, summary.json, the lock released.
   */
  async finish(): Promise<Record<string, unknown>> {
    try {
      this.flushLogs([]);
      if (!this.done && this.lastCheckpoint !== this.state.generation) await this.checkpoint();
      this.closeFiles();
      const best = await this.bestRecord();
      if (this.done) writeFinalPopulation(this.runDir, this.stateFile(best), this.state.thetas, this.n);
      const final = this.rows.at(-1) ?? null;
      const info = activeBackend();
      const summary = toJsonSafe({
        kind: 'evolution',
        backend: info.name,
        versions: info.versions,
        generations: this.state.generation,
        complete: this.done,
        population: this.config.population,
        individuals: this.state.lineage.size,
        final,
        // The last generation measured has diverged whole: the run did not succeed, whatever it finished.
        diverged: final !== null && final.nonFinite === final.population,
        best,
        seconds: this.secondsBefore + (Date.now() - this.started) / 1000,
      }) as Record<string, unknown>;
      this.files.writeSummary(summary);
      return summary;
    } finally {
      await this.close();
    }
  }

  /** Releases the compute threads, the files and the run directory's lock (after finish, or a failure). */
  async close(): Promise<void> {
    this.closeFiles();
    this.lock?.release();
    this.lock = null;
    await this.pool?.dispose();
    this.pool = null;
  }

  private closeFiles(): void {
    this.generationsLog.close();
    this.eventsLog.close();
    this.timingsLog.close();
    this.abundance.close();
    this.lineageCsv.close();
  }

  /**
   * The best of the last measured generation by validation accuracy, with its test
   * accuracy (computed once per generation); after a resume with nothing measured yet,
   * the one the checkpoint kept.
   */
  private async bestRecord(): Promise<BestRecord | null> {
    const measuredAt = this.state.generation - 1;
    if (this.latest.size === 0 || this.best?.generation === measuredAt) return this.best?.record ?? null;
    // Never a best among diverged individuals: none at all when the whole population diverged.
    const top = bestIndividual([...this.latest.values()]);
    if (!top) {
      this.best = null;
      return null;
    }
    // The weights its validation accuracy measured: under germline the learned soma, not the genome (which classifies at chance).
    const testAccuracy = await (await this.computePool()).call(0, 'testAccuracy', top.soma ?? top.theta);
    const m = top.metrics;
    this.best = { generation: measuredAt, record: { id: top.id, validationAccuracy: m.accuracy ?? null, testAccuracy, lsr: m.lsr, srq: m.srq, corr: m.corr } };
    return this.best.record;
  }

  private flushLogs(newlyDead: readonly number[]): void {
    this.generationsLog.flush();
    this.eventsLog.flush();
    this.timingsLog.flush();
    this.abundance.flush();
    this.lineageCsv.update(this.state.lineage, newlyDead);
  }

  private async checkpoint(): Promise<void> {
    this.writeCheckpoint(await this.bestRecord());
  }

  private stateFile(best: BestRecord | null): EvolutionStateFile {
    return stateFile(this.state, {
      logs: { generations: this.generationsLog.position, events: this.eventsLog.position, timings: this.timingsLog.position },
      dead: this.lineageCsv.deadSection,
      seconds: this.secondsBefore + (Date.now() - this.started) / 1000,
      configHash: this.hash,
      best,
    });
  }

  private writeCheckpoint(best: BestRecord | null): void {
    writeEvolutionCheckpoint(this.runDir, this.stateFile(best), this.state.thetas, this.n, this.config.checkpointKeep);
    this.lastCheckpoint = this.state.generation;
  }

  /**
   * The fixed inputs, once, for analysis without Quinarium (numpy.load): the projections
   * Pc and Px, the seeded pairings of coordinates with validation images, and a
   * model.json saying what each file is.
   */
  private writeProjections(): void {
    const streams = new RandomStreams(this.config.seed);
    const p = runProjections(this.config);
    const dir = ensureDir(join(this.runDir, 'checkpoints', 'projections'));
    writeNpy(join(dir, 'Pc.npy'), p.coord, [this.n, p.coordUnits]);
    writeNpy(join(dir, 'Px.npy'), p.pixel!, [p.coordUnits, IMAGE_PIXELS]);
    const validation = this.config.evaluation.validation;
    const pairs = seededPairings(streams, this.n, validation);
    // Under a fixed pairing L_SR is measured on the reproduction map: coordinate c with training image pairing[c].
    const fixed = this.config.regeneration.pairing === 'fixed';
    const train = this.generationContext.trainCount;
    writeNpy(join(dir, 'lsrImages.npy'), fixed ? reproductionPairing(streams, this.n, train) : pairs.lsrImages, [this.n]);
    writeNpy(join(dir, 'testCoords.npy'), pairs.testCoords, [validation]);
    const layout = paramLayout('auxiliary');
    writeJsonAtomic(join(dir, 'model.json'), {
      format: 'quinarium-evolution-inputs/1',
      spec: this.spec,
      paramCount: this.n,
      layout: layout.blocks.map((b) => ({ name: b.name, shape: b.shape, offset: b.offset })),
      seed: this.config.seed,
      files: {
        Pc: { file: 'Pc.npy', shape: [this.n, p.coordUnits], note: 'coordinate half of e = Pc[c] (one-hot(c) @ Pc)' },
        Px: { file: 'Px.npy', shape: [p.coordUnits, IMAGE_PIXELS], note: 'image half of e = Px · (x / 255)' },
        lsrImages: {
          file: 'lsrImages.npy', shape: [this.n],
          note: fixed
            ? `training image (index into the MNIST training file, within its first ${train}) paired with coordinate c when L_SR is measured and every child is regenerated (fixed pairing)`
            : 'validation image (index into the split) paired with coordinate c when L_SR is measured',
        },
        testCoords: { file: 'testCoords.npy', shape: [validation], note: 'coordinate paired with validation image i when accuracy is measured' },
      },
      validation: { images: validation, note: `the last ${validation} MNIST training images, in file order (selection's data)` },
      pairing: this.config.regeneration.pairing,
      inheritance: this.config.inheritance,
    });
  }
}

/** The run's fixed projections, from its seed. */
function runProjections(config: EvolutionConfig) {
  return makeProjections(evolutionSpec(config), paramLayout('auxiliary').count, new RandomStreams(config.seed).fixed('projection'));
}

export { evolutionSpec };

/** Training images left for lifetime learning once the validation split (selection's) is held out. */
function trainCount(config: EvolutionConfig, dataDir?: string): number {
  return trainingImagesLeft(loadMnist({ dataDir }).train.count, config.evaluation.validation);
}
