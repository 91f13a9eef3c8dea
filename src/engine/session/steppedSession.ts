import type { SessionEvent, SessionListener, SessionState } from '../../protocol/events';

/** A run that advances in units (an epoch, a generation) and can be snapshotted between them. */
export interface SteppedRun {
  readonly done: boolean;
  /** One unit of work; false when the run has finished. */
  step(): boolean | Promise<boolean>;
  /** Called once when the run finishes (summary, figures); returns the summary. */
  finish(): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Writes a checkpoint now (between units). */
  snapshot(): void | Promise<void>;
  readonly runDir: string;
  /** Releases what the run holds (compute threads, the run directory's lock) when it ends without finish(): after a failed unit. */
  close?(): void | Promise<void>;
}

const yieldToHost = () => new Promise<void>((r) => setImmediate(r));

/**
 * The session API the hosts drive: start, pause, step one unit, stop, snapshot,
 * and an event stream. Commands take effect between units, so a unit is never
 * torn; the event loop is yielded after each unit so commands get through.
 */
export class SteppedSession {
  private listeners = new Set<SessionListener>();
  private stateValue: SessionState = 'idle';
  private loop: Promise<void> | null = null;
  private wantPause = false;
  private wantStop = false;
  private finished = false;

  constructor(readonly run: SteppedRun) {}

  get state(): SessionState { return this.stateValue; }

  on(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: SessionEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** Runs until done, paused, stopped or failed (see `error`); resolves then. */
  start(): Promise<void> {
    if (this.loop) {
      this.wantPause = false;
      return this.loop;
    }
    if (this.finished) return Promise.resolve();
    this.wantPause = false;
    this.loop = this.runLoop().finally(() => { this.loop = null; });
    return this.loop;
  }

  pause(): void {
    if (this.loop) this.wantPause = true;
  }

  /** Advances exactly one unit while paused or idle. */
  async stepOnce(): Promise<void> {
    if (this.loop || this.finished) return;
    await this.unit();
    if (!this.finished) this.setState('paused');
  }

  async stop(): Promise<void> {
    this.wantStop = true;
    if (this.loop) await this.loop;
    if (!this.finished) await this.finish('stopped');
  }

  async snapshot(): Promise<void> {
    await this.run.snapshot();
  }

  private async runLoop(): Promise<void> {
    this.setState('running');
    while (!this.finished) {
      if (this.wantStop) return;
      if (this.wantPause) {
        this.wantPause = false;
        this.setState('paused');
        return;
      }
      await this.unit();
      await yieldToHost();
    }
  }

  /** The error that ended the session, if one did. */
  error: Error | null = null;

  // A failing unit ends the session in the 'error' state (with its message) rather than
  // rejecting: hosts start sessions without awaiting them, and must never crash on one.
  private async unit(): Promise<void> {
    try {
      const more = await this.run.step();
      if (!more || this.run.done) await this.finish('done');
    } catch (e) {
      this.finished = true;
      this.error = e instanceof Error ? e : new Error(String(e));
      try {
        await this.run.close?.();
      } catch {
        // the unit's error is the one to report
      }
      this.setState('error', this.error.message);
    }
  }

  private async finish(state: 'done' | 'stopped'): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const summary = await this.run.finish();
    this.emit({ type: 'done', runDir: this.run.runDir, summary });
    this.setState(state);
  }

  private setState(state: SessionState, message?: string): void {
    this.stateValue = state;
    this.emit({ type: 'status', state, message });
  }
}
