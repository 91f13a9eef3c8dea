import type { IndividualRow, Method, ResultOf, RunReplay, SessionEvent } from '../../../src/protocol/messages';
import { demoEvolutionFields, demoPaperFields, demoPresets } from './demoCatalogue';
import { DemoEvolution } from './demoEvolution';
import { demoExport } from './demoExport';
import { DemoPaperRun } from './demoPaperRun';
import { setAt } from './configPaths';
import { EventListeners } from './eventListeners';
import type { ParamsArgs, ParamsOf, SessionClient } from './sessionClient';

export interface DemoClientOptions {
  /** Create and start this preset at once, like `quinarium serve --run`. */
  autoRun?: string;
  /** Milliseconds between units while running. */
  intervalMs?: number;
}

type State = 'idle' | 'running' | 'paused' | 'stopped' | 'done' | 'error';

/** The value at a dotted path of an overrides object, if it is a number. */
function numberAt(overrides: Record<string, unknown>, path: string, fallback: number): number {
  let v: unknown = overrides;
  for (const key of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/**
 * An in-page session host (`?demo=1`): the same requests and events as the real
 * hosts, driven by a synthetic evolution, so the renderer can be built, looked at
 * and benchmarked without the engine.
 */
export function createDemoClient(options: DemoClientOptions = {}): SessionClient {
  const listeners = new EventListeners();
  const interval = options.intervalMs ?? 140;
  let state: State = 'idle';
  let preset: string | null = null;
  let kind: 'paper' | 'evolution' | null = null;
  let runDir: string | null = null;
  let evolution: DemoEvolution | null = null;
  let paper: DemoPaperRun | null = null;
  let generationsWanted = 0;
  let metrics: Record<string, unknown>[] = [];
  let timer: ReturnType<typeof setInterval> | null = null;
  let runs = 0;

  // Events go out on a macrotask, as they would over IPC, never inside the request's own call stack.
  const emit = (event: SessionEvent) => setTimeout(() => listeners.emit(event), 0);
  const setState = (next: State) => {
    state = next;
    emit({ type: 'status', state: next });
  };
  const halt = () => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
  const finish = (final: 'done' | 'stopped') => {
    halt();
    emit({ type: 'done', runDir: runDir ?? '', summary: { preset, generations: evolution?.generation ?? paper?.epoch ?? 0 } });
    setState(final);
  };

  function unit(): void {
    if (evolution) {
      const e = evolution.step(evolution.generation + 1 < generationsWanted);
      emit({ type: 'population', generation: e.generation, individuals: e.population });
      if (e.births.length) {
        emit({ type: 'births', individuals: e.births });
        emit({ type: 'deaths', ids: e.deaths, generation: e.generation + 1 });
      }
      emit({ type: 'generation', summary: e.summary });
      emit({ type: 'progress', label: 'evolution', done: e.generation + 1, total: generationsWanted, unitDone: 1, unitTotal: 1, info: { accuracy: e.summary.bestAccuracy, lsr: e.summary.bestLsr } });
      if (evolution.generation >= generationsWanted) finish('done');
    } else if (paper) {
      const rows = paper.step();
      metrics.push(...rows);
      for (const row of rows) emit({ type: 'metrics', row });
      emit({ type: 'progress', label: paper.arms.join(', '), done: paper.epoch, total: paper.epochs + 1, unitDone: 1, unitTotal: 1, info: {} });
      if (paper.done) finish('done');
    }
  }

  function create(params: ParamsOf<'create'>): ResultOf['create'] {
    const info = demoPresets.find((p) => p.name === params.preset);
    if (!info) throw new Error(`unknown preset '${params.preset}'; expected one of ${demoPresets.map((p) => p.name).join(', ')}`);
    halt();
    preset = info.name;
    kind = info.kind;
    runDir = `runs/${info.name.replace('/', '-')}-demo-${++runs}`;
    metrics = [];
    const o = params.overrides;
    if (info.kind === 'evolution') {
      paper = null;
      generationsWanted = numberAt(o, 'generations', 120);
      evolution = new DemoEvolution({ population: numberAt(o, 'population', 32), seed: numberAt(o, 'seed', 0), elites: numberAt(o, 'selection.elites', 2) });
      emit({ type: 'births', individuals: evolution.individuals() });
    } else {
      evolution = null;
      paper = new DemoPaperRun(info.name, numberAt(o, 'epochs', 30), numberAt(o, 'seeds', 3), numberAt(o, 'seed', 0));
    }
    setState('idle');
    return { runDir, kind: info.kind };
  }

  function replay(dir: string): RunReplay {
    const isPaper = dir.includes('paper');
    if (isPaper) {
      const run = new DemoPaperRun('paper/auxiliary', 25, 3, 4);
      const rows: Record<string, unknown>[] = [];
      while (!run.done) rows.push(...run.step());
      return { dir, kind: 'paper', config: { scenario: 'paper/auxiliary' }, individuals: [], generations: [], metrics: rows, summary: { scenario: 'paper/auxiliary' } };
    }
    const run = new DemoEvolution({ population: 48, seed: 9 });
    for (let g = 0; g < 80; g++) run.step(g < 79);
    return { dir, kind: 'evolution', config: { preset: 'evo/default', population: 48 }, individuals: run.individuals(), generations: run.generations(), metrics: [], summary: { generations: 80 } };
  }

  function individuals(): IndividualRow[] {
    return evolution?.individuals() ?? [];
  }

  const handlers: { [M in Method]: (params: ParamsOf<M>) => ResultOf[M] } = {
    listPresets: () => demoPresets,
    describeConfig: ({ preset: name }) => {
      const info = demoPresets.find((p) => p.name === name);
      if (!info) throw new Error(`unknown preset '${name}'`);
      const fields = info.kind === 'evolution' ? demoEvolutionFields : demoPaperFields;
      // Nested like the engine's resolved config, not keyed by dotted path.
      const values: Record<string, unknown> = {};
      for (const f of fields) if (f.default !== undefined) setAt(values, f.path, f.default);
      return { preset: name, fields, values };
    },
    create,
    start: () => {
      if (!preset) throw new Error('no session: create one first');
      if (state === 'idle' || state === 'paused') {
        setState('running');
        timer = setInterval(unit, interval);
      }
      return { state };
    },
    pause: () => {
      if (state === 'running') {
        halt();
        setState('paused');
      }
      return { state };
    },
    step: () => {
      if (state === 'idle' || state === 'paused') {
        unit();
        if (state === 'idle' || state === 'paused') setState('paused');
      }
      return { state };
    },
    stop: () => {
      if (state === 'idle' || state === 'running' || state === 'paused') finish('stopped');
      return { state: 'stopped' };
    },
    snapshot: () => ({ state }),
    state: () => ({ state, preset, runDir, kind, individuals: individuals(), generations: evolution?.generations() ?? [], metrics }),
    inspect: ({ id }) => {
      if (!evolution) throw new Error('no evolution run to inspect');
      return evolution.inspect(id);
    },
    listRuns: () => [
      { dir: 'runs/evo-default-20261124-101500', kind: 'evolution', name: 'evo/default', created: '2026-11-24T10:15:00Z' },
      { dir: 'runs/paper-auxiliary-20261123-174200', kind: 'paper', name: 'paper/auxiliary', created: '2026-11-23T17:42:00Z' },
    ],
    openRun: ({ dir }) => replay(dir),
    export: ({ format }) => demoExport(individuals(), format),
  };

  if (options.autoRun) {
    const name = options.autoRun;
    setTimeout(() => {
      create({ preset: name, overrides: {} });
      handlers.start(undefined);
    }, 0);
  }

  return {
    transport: 'demo',
    async request<M extends Method>(method: M, ...args: ParamsArgs<M>): Promise<ResultOf[M]> {
      const handler = handlers[method] as (params: ParamsOf<M>) => ResultOf[M];
      try {
        return handler(args[0] as ParamsOf<M>);
      } catch (error) {
        throw new Error(`${method}: ${(error as Error).message}`);
      }
    },
    onEvent: (callback) => listeners.add(callback),
  };
}
