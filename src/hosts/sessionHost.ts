/**
 * The request dispatcher every host shares (the engine worker behind Electron and
 * behind `quinarium serve`): it holds at most one current session, answers each
 * protocol request with exactly one Response and forwards the session's events.
 */
import type { SessionEvent } from '../protocol/events';
import type { SteppedSession } from '../engine/session/steppedSession';
import type { HostMessage, Request, Response, ResultOf, RunKind } from '../protocol/messages';
import { validateRequest } from '../protocol/validateRequest';
import { writeRunFigures } from '../report/runFigures';
import { exportFile, exportRunDirectoryLineage } from './lineageExport';
import { findPreset, presetCatalog, resumeSession, type CreatedSession, type EvolutionRunView, type SessionPlaces } from './presetCatalog';
import { RunDirectory } from '../engine/store/runDirectory';
import { optimizerDefinition, optimizerNames } from '../engine/train/optimizers/registry';
import { listRunDirectories, readRunDirectory, readRunSummary, resolveRunDirectory, type LiveRun } from './runDirectoryReader';
import { evolutionCheckpointWeights, inspectStored } from './storedWeights';

export interface SessionHostOptions extends SessionPlaces {
  /** Where responses' companions go: every `{event}` of the current session. */
  send(message: HostMessage): void;
  /**
   * Least milliseconds between two forwarded progress events of one unit (a paper
   * epoch reports every mini-batch step, thousands a second); the last step of a
   * unit always goes through. 0 forwards every one.
   */
  progressIntervalMs?: number;
}

interface CurrentSession {
  preset: string;
  kind: RunKind;
  session: SteppedSession;
  evolution: EvolutionRunView | null;
  /** Paper metrics rows as they came, for `state` (the run keeps them only on disk). */
  metrics: Record<string, unknown>[];
  /** The running loop from `start`, awaited by `pause` so its reply means "stopped between units". */
  loop: Promise<void> | null;
  unsubscribe: () => void;
}

const CONTROL_METHODS: ReadonlySet<Request['method']> = new Set(['create', 'resumeRun', 'start', 'pause', 'step', 'stop', 'snapshot']);

type Handlers = { [M in Request['method']]: (request: Extract<Request, { method: M }>) => Promise<ResultOf[M]> | ResultOf[M] };

export class SessionHost {
  private current: CurrentSession | null = null;
  /** What `export` reads: the live session, or the run directory opened last (whichever came later). */
  private exportSource: { kind: 'session' } | { kind: 'runDir'; dir: string } = { kind: 'session' };
  private lastProgressAt = 0;
  private readonly handlers: Handlers;
  /**
   * Commands that change the session run one after another: SteppedSession does not
   * guard against a step racing a start, and two pages may press buttons at once.
   */
  private controlQueue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SessionHostOptions) {
    this.handlers = {
      listPresets: () => presetCatalog().map((p) => p.info),
      describeConfig: ({ params }) => {
        const preset = findPreset(params.preset);
        return { preset: preset.info.name, fields: preset.fields(), values: preset.values(), defaultLearningRates: defaultLearningRates() };
      },
      create: (r) => this.create(r.params.preset, r.params.overrides),
      start: () => this.start(),
      pause: () => this.pause(),
      step: () => this.step(),
      stop: () => this.stop(),
      snapshot: async () => {
        const c = this.requireSession('snapshot');
        await c.session.snapshot();
        return { state: c.session.state };
      },
      state: () => this.state(),
      inspect: ({ params }) => this.inspect(params.id),
      listRuns: () => listRunDirectories(this.options.outDir, this.liveRun()),
      runSummary: ({ params }) => readRunSummary(resolveRunDirectory(this.options.outDir, params.dir), this.liveRun()),
      resumeRun: ({ params }) => this.resumeRun(params.dir),
      inspectStored: ({ params }) => inspectStored(resolveRunDirectory(this.options.outDir, params.dir), params.id, this.options.dataDir),
      openRun: ({ params }) => {
        const dir = resolveRunDirectory(this.options.outDir, params.dir);
        const replay = readRunDirectory(dir);
        this.exportSource = { kind: 'runDir', dir };
        return replay;
      },
      export: ({ params }) => {
        if (this.exportSource.kind === 'runDir') return exportRunDirectoryLineage(this.exportSource.dir, params.format);
        const run = this.requireEvolution('export');
        return exportFile(run.runDir, params.format, run.exportLineage(params.format));
      },
    };
  }

  /** Validates and answers one message; never throws (an engine error becomes `ok: false`). */
  async handle(message: unknown): Promise<Response> {
    const check = validateRequest(message);
    if (!check.ok) return { id: check.id, ok: false, error: check.error };
    const request = check.request;
    try {
      const handler = this.handlers[request.method] as (r: Request) => Promise<unknown> | unknown;
      const result = CONTROL_METHODS.has(request.method) ? await this.serialised(() => handler(request)) : await handler(request);
      return { id: request.id, ok: true, result };
    } catch (err) {
      return { id: request.id, ok: false, error: (err as Error)?.message ?? String(err) };
    }
  }

  private serialised<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.controlQueue.then(task, task);
    this.controlQueue = run.catch(() => undefined);
    return run;
  }

  /** Stops the current session (writing its summary), for a clean shutdown. */
  async close(): Promise<void> {
    await this.serialised(async () => {
      if (this.current) await this.stopSession(this.current);
    });
  }

  private async create(presetName: string, overrides: Record<string, unknown>): Promise<ResultOf['create']> {
    const preset = findPreset(presetName);
    await this.replaceCurrent();
    const created = await preset.create(overrides, { outDir: this.options.outDir, dataDir: this.options.dataDir, queue: this.options.queue });
    const runDir = this.adopt(preset.info.name, preset.info.kind, created);
    // Other pages watching this host learn that the run they draw was replaced.
    this.options.send({ event: { type: 'status', state: 'idle', message: `created ${preset.info.name} in ${runDir}` } });
    return { runDir, kind: preset.info.kind };
  }

  /** A stopped or killed evolution run of the runs folder becomes the current session, from its last checkpoint. */
  private async resumeRun(dir: string): Promise<ResultOf['resumeRun']> {
    const full = resolveRunDirectory(this.options.outDir, dir);
    const c = this.current;
    if (c && c.session.run.runDir === full && ['idle', 'running', 'paused'].includes(c.session.state)) throw new Error(`resumeRun: ${full} is the live session already`);
    await this.replaceCurrent();
    const resumed = resumeSession(full, { outDir: this.options.outDir, dataDir: this.options.dataDir, queue: this.options.queue });
    const runDir = this.adopt(resumed.preset, 'evolution', resumed);
    this.options.send({ event: { type: 'status', state: 'idle', message: `created ${resumed.preset} in ${runDir} (resumed at generation ${resumed.evolution!.generation})` } });
    return { runDir, kind: 'evolution', preset: resumed.preset };
  }

  private async replaceCurrent(): Promise<void> {
    if (!this.current) return;
    const old = this.current;
    this.current = null;
    await this.stopSession(old);
    old.unsubscribe();
  }

  private adopt(preset: string, kind: RunKind, created: CreatedSession): string {
    const current: CurrentSession = {
      preset,
      kind,
      session: created.session,
      evolution: created.evolution,
      metrics: [],
      loop: null,
      unsubscribe: () => {},
    };
    current.unsubscribe = created.session.on((e) => this.forward(current, e));
    this.current = current;
    this.exportSource = { kind: 'session' };
    return created.session.run.runDir;
  }

  /** A live individual as measured now; one the population no longer holds, from the newest checkpoint that has it (or which generations the checkpoints hold). */
  private inspect(id: number): ResultOf['inspect'] {
    const run = this.requireEvolution('inspect');
    const detail = run.inspect(id);
    if (detail.weights) return { ...detail, weightsFrom: 'the live population, after this generation\'s learning' };
    const stored = evolutionCheckpointWeights(run.runDir, id, this.options.dataDir);
    return 'kept' in stored ? { ...detail, checkpointGenerations: stored.kept } : { ...detail, weights: stored.weights, weightsFrom: stored.from };
  }

  private liveRun(): LiveRun | null {
    return this.current ? { dir: this.current.session.run.runDir, state: this.current.session.state } : null;
  }

  private start(): ResultOf['start'] {
    const c = this.requireSession('start');
    if (!c.loop) {
      const loop = c.session.start().catch((err: Error) => {
        // The session has already reported state 'error'; the log line carries the detail.
        this.options.send({ event: { type: 'log', message: `${c.preset}: ${err?.message ?? String(err)}` } });
      }).finally(() => {
        if (c.loop === loop) c.loop = null;
      });
      c.loop = loop;
    }
    return { state: c.session.state };
  }

  private async pause(): Promise<ResultOf['pause']> {
    const c = this.requireSession('pause');
    c.session.pause();
    if (c.loop) await c.loop;
    return { state: c.session.state };
  }

  private async step(): Promise<ResultOf['step']> {
    const c = this.requireSession('step');
    if (c.loop) throw new Error(`step: session ${c.preset} is running; pause it first`);
    await c.session.stepOnce();
    return { state: c.session.state };
  }

  private async stop(): Promise<ResultOf['stop']> {
    const c = this.requireSession('stop');
    await this.stopSession(c);
    return { state: c.session.state };
  }

  private state(): ResultOf['state'] {
    const c = this.current;
    if (!c) return { state: 'idle', preset: null, runDir: null, kind: null, config: null, individuals: [], generations: [], metrics: [] };
    return {
      state: c.session.state,
      preset: c.preset,
      runDir: c.session.run.runDir,
      kind: c.kind,
      config: c.evolution ? { ...c.evolution.config } : paperConfigOf(c.session.run.runDir),
      individuals: c.evolution?.individuals() ?? [],
      generations: c.evolution?.generations() ?? [],
      metrics: c.metrics,
    };
  }

  private async stopSession(c: CurrentSession): Promise<void> {
    try {
      await c.session.stop();
    } catch (err) {
      // A session that failed mid-unit cannot finish cleanly; it is being replaced or shut down anyway.
      this.options.send({ event: { type: 'log', message: `${c.preset}: stop: ${(err as Error)?.message ?? String(err)}` } });
    }
    if (c.loop) await c.loop;
  }

  private forward(c: CurrentSession, e: SessionEvent): void {
    if (e.type === 'metrics') c.metrics.push(e.row);
    if (e.type === 'done') this.writeFigures(c, e.runDir);
    if (e.type === 'progress' && this.options.progressIntervalMs !== 0 && e.unitDone < e.unitTotal) {
      const now = Date.now();
      if (now - this.lastProgressAt < (this.options.progressIntervalMs ?? 100)) return;
      this.lastProgressAt = now;
    }
    this.options.send({ event: e });
  }

  /** The host draws a finished run's figures from its directory (the engine never draws). */
  private writeFigures(c: CurrentSession, runDir: string): void {
    try {
      writeRunFigures(runDir, this.options.dataDir);
    } catch (err) {
      this.options.send({ event: { type: 'log', message: `${c.preset}: figures: ${(err as Error)?.message ?? String(err)}` } });
    }
  }

  private requireSession(method: string): CurrentSession {
    if (!this.current) throw new Error(`${method}: no session; create one first`);
    return this.current;
  }

  private requireEvolution(method: string): EvolutionRunView {
    const c = this.requireSession(method);
    if (!c.evolution) throw new Error(`${method}: session ${c.preset} is a paper run; only evolution runs have a lineage and individuals`);
    return c.evolution;
  }
}

/** The resolved config of a paper run (its first arm), as written to its config.json. */
function paperConfigOf(runDir: string): Record<string, unknown> | null {
  try {
    const saved = RunDirectory.open(runDir).config() as { arms?: { config: Record<string, unknown> }[] };
    return saved.arms?.[0]?.config ?? null;
  } catch {
    return null;
  }
}

/** Each optimiser's default learning rate (what a config's `lr` 0 means). */
function defaultLearningRates(): Record<string, number> {
  return Object.fromEntries(optimizerNames().map((name) => [name, optimizerDefinition(name).defaults.lr]));
}
