import type { GenerationRow, IndividualRow, ResultOf, RunReplay, SessionEvent } from '../../../src/protocol/messages';
import { LineageLayout } from '../lineage/lineageLayout';
import type { ColourByKey } from '../lineage/colourBy';

/** What changed, so each view redraws only for its own data. */
export type ModelChange = 'lineage' | 'charts' | 'paper' | 'status' | 'run';

export interface Progress { label: string; done: number; total: number }

/**
 * Everything the page shows about the current run, fed by session events, a
 * `state` snapshot or a replayed run directory. Views subscribe and read; only
 * this class interprets events.
 */
export class RunModel {
  kind: 'paper' | 'evolution' | null = null;
  preset: string | null = null;
  runDir: string | null = null;
  /** The session's state, or 'none' before any session exists, or 'replay' while browsing a run directory. */
  state = 'none';
  message = '';
  progress: Progress | null = null;
  /** The lineage's colour metric: the reader's choice, kept across runs and replay scrubbing. */
  colourBy: ColourByKey = 'accuracy';
  layout = new LineageLayout();
  generations: GenerationRow[] = [];
  /** The latest evaluated population (accuracy–L_SR scatter). */
  population: IndividualRow[] = [];
  /** Best SRQ per generation, from population events (GenerationRow carries only the mean). */
  bestSrq = new Map<number, number>();
  paperRows: Record<string, unknown>[] = [];
  /** The run directory being browsed, and the generation the replay shows up to. */
  replay: { run: RunReplay; upTo: number; last: number } | null = null;
  private readonly listeners = new Set<(changes: ReadonlySet<ModelChange>) => void>();

  onChange(callback: (changes: ReadonlySet<ModelChange>) => void): () => void {
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }

  /** Generations completed (evolution) or epochs reported (paper). */
  get generation(): number {
    if (this.kind === 'paper') return this.paperRows.reduce((m, r) => Math.max(m, Number(r.epoch) || 0), 0);
    return this.generations.length ? this.generations[this.generations.length - 1].generation + 1 : 0;
  }

  apply(event: SessionEvent): void {
    switch (event.type) {
      case 'status':
        if (this.replay) return;
        this.state = event.state;
        if (event.message) this.message = event.message;
        this.emit('status');
        return;
      case 'progress':
        this.progress = { label: event.label, done: event.done, total: event.total };
        this.emit('status');
        return;
      case 'log':
        this.message = event.message;
        this.emit('status');
        return;
      case 'done':
        this.message = `finished: ${event.runDir}`;
        this.emit('status');
        return;
      case 'metrics':
        this.paperRows.push(event.row);
        this.emit('paper', 'status');
        return;
      case 'births':
        this.layout.upsert(event.individuals);
        this.emit('lineage');
        return;
      case 'deaths':
        this.layout.setDeaths(event.ids, event.generation);
        this.emit('lineage');
        return;
      case 'population':
        this.population = event.individuals;
        this.layout.upsert(event.individuals);
        this.bestSrq.set(event.generation, event.individuals.reduce((m, r) => Math.max(m, r.srq ?? -Infinity), -Infinity));
        this.emit('lineage', 'charts');
        return;
      case 'generation':
        this.generations.push(event.summary);
        this.emit('charts', 'status');
        return;
    }
  }

  /** Recolours the lineage by another metric, now and for every later layout. */
  setColourBy(key: ColourByKey): void {
    this.colourBy = key;
    this.layout.setColourBy(key);
    this.emit('lineage');
  }

  /** Starts afresh for a new session (or none). */
  reset(kind: 'paper' | 'evolution' | null, preset: string | null, runDir: string | null, state = 'idle'): void {
    Object.assign(this, { kind, preset, runDir, state, message: '', progress: null, generations: [], population: [], paperRows: [], replay: null });
    this.layout = new LineageLayout({ colourBy: this.colourBy });
    this.bestSrq = new Map();
    this.emit('run', 'lineage', 'charts', 'paper', 'status');
  }

  /** Takes over a host's whole current state (page load, or another page created a run). */
  loadState(s: ResultOf['state']): void {
    this.reset(s.kind, s.preset, s.runDir, s.preset === null ? 'none' : s.state);
    this.layout.upsert(s.individuals);
    this.generations = [...s.generations];
    this.paperRows = [...s.metrics];
    this.population = s.individuals.filter((r) => r.died === null && r.accuracy !== null);
    this.emit('lineage', 'charts', 'paper', 'status');
  }

  /** Browses a stored run; evolution runs can then be scrubbed with `showUpTo`. */
  loadReplay(run: RunReplay): void {
    this.reset(run.kind, String(run.config.preset ?? run.config.scenario ?? run.dir), run.dir, 'replay');
    const last = run.individuals.reduce((m, r) => Math.max(m, r.born, r.died ?? 0), 0);
    this.replay = { run, upTo: last, last };
    this.paperRows = [...run.metrics];
    this.showUpTo(last);
  }

  /** The replayed lineage as it stood after generation g: later births hidden, later deaths undone. */
  showUpTo(g: number): void {
    if (!this.replay) return;
    this.replay.upTo = g;
    const rows = this.replay.run.individuals
      .filter((r) => r.born <= g)
      .map((r) => (r.died !== null && r.died > g ? { ...r, died: null } : r));
    this.layout = new LineageLayout({ colourBy: this.colourBy });
    this.layout.upsert(rows);
    this.generations = this.replay.run.generations.filter((row) => row.generation <= g);
    this.population = rows.filter((r) => r.died === null && r.accuracy !== null);
    this.emit('lineage', 'charts', 'paper', 'status');
  }

  /** Best SRQ of generation g: measured when a population event came, else ln(N / best L_SR) with N read off any individual (SRQ = ln(N / L_SR)). */
  bestSrqOf(row: GenerationRow): number {
    const seen = this.bestSrq.get(row.generation);
    if (seen !== undefined && Number.isFinite(seen)) return seen;
    const sample = this.population.find((r) => r.srq !== null && r.lsr !== null && r.lsr > 0);
    if (!sample) return NaN;
    const weights = sample.lsr! * Math.exp(sample.srq!);
    return Math.log(weights / row.bestLsr);
  }

  private emit(...changes: ModelChange[]): void {
    const set = new Set(changes);
    for (const l of this.listeners) l(set);
  }
}
