import type { Method, ResultOf, SessionEvent } from '../../../src/protocol/messages';
import { EventListeners } from './eventListeners';
import type { ParamsArgs, ParamsOf, SessionClient } from './sessionClient';
import type { RecordedRun, RecordedStep, SessionRecording } from './sessionRecording';

export interface ReplayClientOptions {
  /** Create and start this recorded preset at once, like `quinarium serve --run`. */
  autoRun?: string;
  /** Milliseconds between replayed units while running. */
  intervalMs?: number;
  /** The recording to replay; by default the stored fixture, loaded on first use (it stays out of the main bundle). */
  recording?: SessionRecording;
}

type State = 'idle' | 'running' | 'paused' | 'stopped' | 'done' | 'error';

/** The stored recording of a real tiny session (test/fixtures/recordSessionFixture.ts writes it). */
async function loadFixture(): Promise<SessionRecording> {
  const module = await import('./fixtures/sessionRecording.json');
  return module.default as unknown as SessionRecording;
}

/**
 * The in-page session host of `?demo=1`: it replays a recording of a real tiny
 * session, so the page, the tests and screenshots see exactly the results and
 * events the engine produced (test/renderer/sessionRecording.test.ts holds the
 * recording to the live host). Each `step` replays one recorded unit; `start`
 * replays the rest on a timer. Overrides sent with `create` cannot change a
 * recording: the recorded run of that preset is replayed whatever they are.
 */
export function createReplayClient(options: ReplayClientOptions = {}): SessionClient {
  const listeners = new EventListeners();
  const interval = options.intervalMs ?? 400;
  const loaded = options.recording ? Promise.resolve(options.recording) : loadFixture();
  let run: RecordedRun | null = null;
  /** Units of `run` replayed so far. */
  let replayed = 0;
  let state: State = 'idle';
  let timer: ReturnType<typeof setInterval> | null = null;

  // Events go out on a macrotask, as they would over IPC, never inside the request's own call stack.
  const emit = (events: readonly SessionEvent[]) => {
    for (const event of events) setTimeout(() => listeners.emit(event), 0);
  };
  const setState = (next: State) => {
    state = next;
    emit([{ type: 'status', state: next }]);
  };
  const halt = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  // Messages as the real host words them; request() prefixes the method.
  const requireRun = (): RecordedRun => {
    if (!run) throw new Error('no session; create one first');
    return run;
  };
  const requireEvolution = (): RecordedRun => {
    const r = requireRun();
    if (r.kind !== 'evolution') throw new Error(`session ${r.preset} is a paper run; only evolution runs have a lineage and individuals`);
    return r;
  };
  /** The next recorded unit, or null once the run is replayed to its end. */
  const nextUnit = (): RecordedStep | null => (run && replayed < run.units.length ? run.units[replayed++] : null);

  /** One unit on the timer: its events without the step's closing 'paused' (the run goes on). */
  function tick(): void {
    const unit = nextUnit();
    if (!unit) return halt();
    emit(unit.events.filter((e) => !(e.type === 'status' && e.state === 'paused')));
    if (unit.result.state !== 'paused') {
      halt();
      state = unit.result.state as State;
    }
  }

  function handlers(recording: SessionRecording): { [M in Method]: (params: ParamsOf<M>) => ResultOf[M] } {
    const recorded = recording.runs.map((r) => r.preset);
    return {
      // Only the recorded presets can be created, so only they are offered.
      listPresets: () => recording.listPresets.filter((p) => recorded.includes(p.name)),
      describeConfig: ({ preset }) => {
        const described = recording.describeConfig[preset];
        if (!described) throw new Error(`unknown preset "${preset}"`);
        return described;
      },
      create: ({ preset }) => {
        const found = recording.runs.find((r) => r.preset === preset);
        if (!found) throw new Error(`the demo replays recorded runs only (${recorded.join(', ')}); "${preset}" was not recorded`);
        halt();
        run = found;
        replayed = 0;
        state = 'idle';
        emit(found.create.events);
        return found.create.result;
      },
      start: () => {
        requireRun();
        if (state === 'idle' || state === 'paused') {
          setState('running');
          timer = setInterval(tick, interval);
        }
        return { state };
      },
      pause: () => {
        requireRun();
        if (state === 'running') {
          halt();
          setState('paused');
        }
        return { state };
      },
      step: () => {
        const r = requireRun();
        if (state === 'running') throw new Error(`session ${r.preset} is running; pause it first`);
        if (state !== 'idle' && state !== 'paused') return { state };
        const unit = nextUnit()!;
        emit(unit.events);
        state = unit.result.state as State;
        return unit.result;
      },
      stop: () => {
        const r = requireRun();
        halt();
        // A finished run answers as recorded; one stopped early just says so (no recording of that exists).
        if (state === 'done') {
          emit(r.stop.events);
          return r.stop.result;
        }
        if (state !== 'stopped') setState('stopped');
        return { state };
      },
      snapshot: () => {
        requireRun();
        return { state };
      },
      state: () => {
        if (!run) return { state: 'idle', preset: null, runDir: null, kind: null, config: null, individuals: [], generations: [], metrics: [] };
        const recordedState = replayed === 0 ? run.create.state : run.units[replayed - 1].state;
        return { ...recordedState, state };
      },
      inspect: ({ id }) => {
        const detail = requireEvolution().inspect[id];
        if (!detail) throw new Error(`no individual ${id} in the recorded run`);
        return detail;
      },
      listRuns: () => recording.listRuns,
      openRun: ({ dir }) => {
        const replay = recording.openRun[dir];
        if (!replay) throw new Error(`run directory ${dir} does not exist`);
        return replay;
      },
      export: ({ format }) => {
        const file = requireEvolution().exports[format];
        if (!file) throw new Error(`format ${format} was not recorded`);
        return file;
      },
      // A stored run's summary is its listing and replay without the lineage.
      runSummary: ({ dir }) => {
        const listed = recording.listRuns.find((r) => r.dir === dir);
        const replay = recording.openRun[dir];
        if (!listed || !replay) throw new Error(`run directory ${dir} does not exist`);
        return { ...listed, config: replay.config, generations: replay.generations, metrics: replay.metrics, summary: replay.summary };
      },
      resumeRun: () => {
        throw new Error('the demo replays recorded runs only; it cannot resume one');
      },
      inspectStored: ({ id }) => {
        const detail = recording.runs.find((r) => r.kind === 'evolution')?.inspect[id];
        if (!detail) throw new Error(`no individual ${id} in the recorded run`);
        return detail;
      },
    };
  }
  const ready = loaded.then(handlers);

  if (options.autoRun) {
    const preset = options.autoRun;
    void ready.then((h) => {
      h.create({ preset, overrides: {} });
      h.start(undefined);
    }).catch((error: Error) => emit([{ type: 'log', message: `demo: ${error.message}` }]));
  }

  return {
    transport: 'demo',
    async request<M extends Method>(method: M, ...args: ParamsArgs<M>): Promise<ResultOf[M]> {
      const handler = (await ready)[method] as (params: ParamsOf<M>) => ResultOf[M];
      try {
        return handler(args[0] as ParamsOf<M>);
      } catch (error) {
        throw new Error(`${method}: ${(error as Error).message}`);
      }
    },
    onEvent: (callback) => listeners.add(callback),
  };
}
