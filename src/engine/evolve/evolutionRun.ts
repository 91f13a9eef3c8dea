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
import { createPool, type Pool } from '../threads/pool';
import type { ContextSpec } from './compute/evolutionContext';
import { evolutionJobs, type EvolutionJobs } from './compute/laneJobs';
import type { ExportFormat } from '../../protocol/names';
import { toJsonSafe } from '../../shared/jsonSafe';
import type { SteppedRun } from '../session/steppedSession';
import { writeFileAtomic, writeJsonAtomic } from '../store/atomicWrite';
import { JsonlLog } from '../store/jsonlLog';
import { writeNpy } from '../store/npy';
import { ensureDir } from '../store/runDir';
import type { RunDirectory } from '../store/runDirectory';
import type { EvolutionConfig } from './evolutionConfig';
import { readEvolutionCheckpoint, writeEvolutionCheckpoint, type EvolutionStateFile } from './evolutionCheckpoint';
import { distinctFounders, initialState, mutateCopies, stateFile, stateFromFile, type EvolutionEvent, type EvolutionState } from './evolutionState';
import { loadFounders, writeFounders, FOUNDERS_DIR } from './founders';
import { askLearning, tellLearning, tellRegenerated, type GenerationContext } from './generation';
import { toAlifeCsv } from './lineage/alifeCsv';
import { exportLineage } from './lineage/exportLineage';
import { sampleCoordinates } from './lineage/statistics';
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
}

/**
 * A population of auxiliary quines evolving by regeneration with mutation, one lane
 * per individual: the runner around generation.ts's ask / tell. It owns the compute
 * pool, the logs and the checkpoints; the EvolutionState is everything else, and a
 * checkpoint is that state. Each `step()` is one generation: lifetime learning,
 * evaluation, selection, reproduction, death; logs flushed, lineage.csv rewritten,
 * and a checkpoint every `checkpointEvery` generations.
 */
export class EvolutionRun implements SteppedRun {
  readonly spec: ModelSpec;
  private readonly n: number;
  private readonly context: ContextSpec;
  private readonly generationContext: GenerationContext;
  private pool: Pool<EvolutionJobs> | null = null;
  private readonly hooks: EvolutionHooks;
  private readonly threads: number;
  private readonly generationsLog: JsonlLog;
  private readonly eventsLog: JsonlLog;
  private readonly rows: GenerationRow[] = [];
  /** Lines in events.jsonl (counted, so a checkpoint need not re-read the log). */
  private eventLines = 0;
  /** The latest measurement of each living individual (for inspect and the summary; not checkpointed). */
  private latest = new Map<number, EvolutionMeasurement>();
  private secondsBefore = 0;
  private readonly started = Date.now();

  readonly runDir: string;

  private constructor(private readonly files: RunDirectory, readonly config: EvolutionConfig, private state: EvolutionState, o: EvolutionRunOptions, restored?: EvolutionStateFile) {
    this.runDir = files.dir;
    this.hooks = o.hooks ?? {};
    this.threads = o.threads ?? 1;
    this.spec = evolutionSpec(config);
    this.n = paramLayout('auxiliary').count;
    this.context = { seed: config.seed, spec: this.spec, validation: config.evaluation.validation, regeneration: config.regeneration.input, pairing: config.regeneration.pairing, dataDir: o.dataDir };
    // Fixed things (projections, pairings, noise images, diversity coordinates) come from
    // fresh streams, so a resumed run (and every compute thread) rebuilds them identically.
    const diversity = new RandomStreams(config.seed).fixed('diversity');
    this.generationContext = { n: this.n, trainCount: trainCount(config, o.dataDir), coordinates: sampleCoordinates(this.n, () => diversity.next()) };
    // Rows written after the checkpoint by a killed process are cut before the logs reopen.
    if (restored) EvolutionRun.truncateLogs(files, restored.logLines);
    this.generationsLog = new JsonlLog(files.path('generations'));
    this.eventsLog = new JsonlLog(files.path('events'));
    if (restored) {
      this.secondsBefore = restored.seconds;
      this.rows.push(...JsonlLog.readJsonl<GenerationRow>(files.path('generations')).slice(0, restored.logLines.generations));
      this.eventLines = restored.logLines.events;
    }
  }

  /** A new run in `runDir` (manifest and config.json already written): founders born, projections written, checkpointed. */
  static create(runDir: RunDirectory, config: EvolutionConfig, o: EvolutionRunOptions = {}): EvolutionRun {
    const spec = evolutionSpec(config);
    const loaded = config.founders.from.trim() ? loadFounders(config, spec, runProjections(config)) : undefined;
    const { state, events } = initialState(config, spec, trainCount(config, o.dataDir), loaded);
    const run = new EvolutionRun(runDir, config, state, o);
    run.logEvents(events);
    run.writeProjections();
    run.flushLogs();
    run.checkpoint();
    return run;
  }

  /** Continues `runDir` from its last checkpoint (logs cut back to it). */
  static resume(runDir: RunDirectory, config: EvolutionConfig, o: EvolutionRunOptions = {}): EvolutionRun {
    const { state: file, thetas } = readEvolutionCheckpoint(runDir.dir, paramLayout('auxiliary').count);
    const state = stateFromFile(file, thetas, config.seed, trainCount(config, o.dataDir));
    return new EvolutionRun(runDir, config, state, o, file);
  }

  /** Cuts the append-only logs back to a checkpoint's line counts (rows written after it are redone). */
  private static truncateLogs(runDir: RunDirectory, lines: EvolutionStateFile['logLines']): void {
    for (const [file, keep] of [['generations', lines.generations], ['events', lines.events]] as const) {
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
    const results = await pool.map('learnEvaluate', askLearning(this.state, c, this.generationContext));
    const learned = tellLearning(this.state, c, results, this.generationContext);
    this.latest = new Map(learned.measured.map((m) => [m.id, m]));
    this.hooks.onPopulation?.(g, this.state.ids.map((id) => this.row(id)));
    this.logEvents(learned.events);
    const out = tellRegenerated(this.state, c, learned, await pool.map('regenerate', learned.regenerate));
    this.logEvents(out.events);
    if (learned.reproduction) {
      this.hooks.onBirths?.(out.births.map((id) => this.row(id)));
      this.hooks.onDeaths?.(out.deaths, this.state.generation);
    }
    const row = learned.row;
    row.seconds = (Date.now() - t0) / 1000;
    this.rows.push(row);
    this.generationsLog.append(toJsonSafe(row) as object);
    this.hooks.onGeneration?.(row);
    this.flushLogs();
    if (this.state.generation % c.checkpointEvery === 0 || this.done) this.checkpoint();
    return !this.done;
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
    const solved = await pool.map('solveFounder', this.state.thetas.slice(0, d).map((theta) => ({ theta, options })));
    solved.forEach((s, k) => {
      this.state.thetas[k] = s.theta;
      const r = s.report;
      this.hooks.onLog?.(`founder ${this.state.ids[k]}: r2 ${r.r2Start.toPrecision(3)} → ${r.r2Projective.toPrecision(3)} (projective) → ${r.r2.toFixed(6)} after ${r.newtonSteps} Newton steps, ‖F‖/‖θ‖ ${r.relativeResidual.toExponential(2)}${r.converged ? '' : ' (not converged)'}`);
    });
    mutateCopies(this.state, this.config, d);
    this.state.foundersPending = false;
    writeFounders(this.runDir, this.config, this.spec, runProjections(this.config), solved.map((s) => s.theta), solved.map((s) => s.report));
    this.hooks.onLog?.(`founders written to ${join(this.runDir, FOUNDERS_DIR)}`);
    this.checkpoint();
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

  private logEvents(events: EvolutionEvent[]): void {
    for (const e of events) this.eventsLog.append(e);
    this.eventLines += events.length;
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
      generations: this.state.generation,
      population: this.config.population,
      individuals: this.state.lineage.size,
      final: this.rows.at(-1) ?? null,
      best: best ? { id: best.id, validationAccuracy: best.metrics.accuracy, testAccuracy: await this.testAccuracyOf(best.id), lsr: best.metrics.lsr, srq: best.metrics.srq, corr: best.metrics.corr } : null,
      seconds: this.secondsBefore + (Date.now() - this.started) / 1000,
    }) as Record<string, unknown>;
    this.files.writeSummary(summary);
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
    writeFileAtomic(this.files.path('lineage'), toAlifeCsv(this.state.lineage));
  }

  private checkpoint(): void {
    const file = stateFile(this.state, { generations: this.rows.length, events: this.eventLines }, this.secondsBefore + (Date.now() - this.started) / 1000);
    writeEvolutionCheckpoint(this.runDir, file, this.state.thetas, this.n);
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

/** The evolved model: the auxiliary quine with the run's init. */
function evolutionSpec(config: EvolutionConfig): ModelSpec {
  return { kind: 'auxiliary', init: config.init, encoding: 'one-hot', embedActivation: 'none' };
}

/** Training images left for lifetime learning once the validation split (selection's) is held out. */
function trainCount(config: EvolutionConfig, dataDir?: string): number {
  const train = loadMnist({ dataDir }).train;
  if (config.evaluation.validation >= train.count) {
    throw new Error(`config.evaluation.validation: must be below the ${train.count} training images`);
  }
  return train.count - config.evaluation.validation;
}
