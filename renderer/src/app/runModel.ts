import type { GenerationRow, IndividualRow, ResultOf, RunReplay, SessionEvent } from '../../../src/protocol/messages';
import { LineageLayout } from '../lineage/lineageLayout';
import type { ColourByKey, SizeByKey } from '../lineage/colourBy';
import type { LineageFilter } from '../lineage/lineageLayout';
import type { XRange } from '../charts/chartZoom';

/** What changed, so each view redraws only for its own data. */
export type ModelChange = 'lineage' | 'charts' | 'paper' | 'status' | 'run' | 'cursor' | 'zoom';

/** A request the page has sent and not yet had answered, shown as "stepping…" and the like. */
export type PendingAction = 'starting' | 'pausing' | 'stepping' | 'stopping' | 'creating' | 'resuming';

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
  /** The lineage's size metric and filter, kept likewise. */
  sizeBy: SizeByKey = 'fidelity';
  filter: LineageFilter = 'all';
  /** False while the host is unreachable (the web host went away); `connectionDetail` says why. */
  connected = true;
  connectionDetail = '';
  /** What the page is waiting for the host to do. */
  pending: PendingAction | null = null;
  /** The resolved config of the run shown (its generation count gives progress and ETA), when known. */
  config: Record<string, unknown> | null = null;
  /** When the latest generation row (or the run) arrived, for progress within a generation. */
  unitStartedAt = 0;
  /** The generation the charts' and the lineage's cursor marks (hover, ←/→), or null. */
  cursor: number | null = null;
  /** Where the user put the timeline (←/→, the slider), or null while it follows the run's last generation. */
  pinned: number | null = null;
  /** The generations (epochs) every linked chart is zoomed to, or null for all of them. */
  zoom: XRange | null = null;
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

  /** The run directory being replayed (the inspector then reads weights from its checkpoint), or null for the live session. */
  get storedRun(): string | null { return this.replay?.run.dir ?? null; }

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
        this.unitStartedAt = Date.now();
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

  /** Resizes the lineage's nodes by another metric, now and for every later layout. */
  setSizeBy(key: SizeByKey): void {
    this.sizeBy = key;
    this.layout.setSizeBy(key);
    this.emit('lineage');
  }

  /** Shows every individual, or only the survivors' ancestry (extinct lineages hidden). */
  setFilter(filter: LineageFilter): void {
    this.filter = filter;
    this.layout.setFilter(filter);
    this.emit('lineage');
  }

  setConnected(connected: boolean, detail: string): void {
    this.connected = connected;
    this.connectionDetail = detail;
    if (!connected) this.pending = null;
    this.emit('status');
  }

  setPending(action: PendingAction | null): void {
    this.pending = action;
    this.emit('status');
  }

  /** The last generation (epoch) the cursor and the timeline can reach. */
  get lastGeneration(): number {
    return this.kind === 'paper' ? this.generation : Math.max(this.layout.lastGeneration, this.generations.length ? this.generations[this.generations.length - 1].generation : 0);
  }

  /** Moves the generation cursor (null hides it); clamped to the generations shown. */
  setCursor(generation: number | null): void {
    const g = generation === null ? null : Math.max(0, Math.min(this.lastGeneration, Math.round(generation)));
    if (g === this.cursor) return;
    this.cursor = g;
    this.emit('cursor');
  }

  /**
   * Pins the timeline (and the cursor) at a generation, or (null) lets it follow the
   * run again; a pointer over a chart moves the cursor only while it stays there.
   */
  pin(generation: number | null): void {
    const g = generation === null ? null : Math.max(0, Math.min(this.lastGeneration, Math.round(generation)));
    const changed = g !== this.pinned;
    this.pinned = g;
    if (changed) this.emit('cursor');
    this.setCursor(g);
  }

  /** The cursor under the pointer on a chart (null when it leaves: back to the pinned generation). */
  hoverAt(generation: number | null): void {
    this.setCursor(generation ?? this.pinned);
  }

  /** Zooms every linked chart to a range of generations (epochs); null shows them all. */
  setZoom(range: XRange | null): void {
    if (range === this.zoom || (range && this.zoom && range[0] === this.zoom[0] && range[1] === this.zoom[1])) return;
    this.zoom = range;
    this.emit('zoom');
  }

  /** Starts afresh for a new session (or none). */
  reset(kind: 'paper' | 'evolution' | null, preset: string | null, runDir: string | null, state = 'idle', config: Record<string, unknown> | null = null): void {
    Object.assign(this, { kind, preset, runDir, state, message: '', progress: null, generations: [], population: [], paperRows: [], replay: null, config, cursor: null, pinned: null, zoom: null, unitStartedAt: Date.now() });
    this.layout = this.newLayout();
    this.bestSrq = new Map();
    this.emit('run', 'lineage', 'charts', 'paper', 'status');
  }

  /** Takes over a host's whole current state (page load, or another page created a run). */
  loadState(s: ResultOf['state']): void {
    this.reset(s.kind, s.preset, s.runDir, s.preset === null ? 'none' : s.state, s.config ?? null);
    this.layout.upsert(s.individuals);
    this.generations = [...s.generations];
    this.paperRows = [...s.metrics];
    this.population = s.individuals.filter((r) => r.died === null && r.accuracy !== null);
    this.emit('lineage', 'charts', 'paper', 'status');
  }

  /** Browses a stored run; evolution runs can then be scrubbed with `showUpTo`. */
  loadReplay(run: RunReplay): void {
    const evolutionConfig = run.kind === 'evolution' && typeof run.config.config === 'object' ? run.config.config as Record<string, unknown> : null;
    this.reset(run.kind, String(run.config.preset ?? run.config.scenario ?? run.dir), run.dir, 'replay', evolutionConfig);
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
    this.layout = this.newLayout();
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

  private newLayout(): LineageLayout {
    return new LineageLayout({ colourBy: this.colourBy, sizeBy: this.sizeBy, filter: this.filter });
  }

  private emit(...changes: ModelChange[]): void {
    const set = new Set(changes);
    for (const l of this.listeners) l(set);
  }
}
