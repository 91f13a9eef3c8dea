/**
 * The main-thread side of the engine worker: spawns it on the shared worker channel,
 * validates and forwards requests, and hands back each Response to whoever asked and
 * every event to all listeners. Several pages (WebSocket clients) may share one
 * engine: the channel numbers requests itself, and each Response goes back under its
 * caller's own id.
 */
import { WorkerChannel, WorkerSendError } from '../engine/threads/workerChannel';
import type { Response } from '../protocol/messages';
import { validateRequest } from '../protocol/validateRequest';
import type { EngineConnection, EventMessage } from './engineConnection';
import type { EngineWorkerData } from './engineWorker';

export type { EventMessage };

export class EngineProcess implements EngineConnection {
  private readonly channel: WorkerChannel;
  private readonly listeners = new Set<(message: EventMessage) => void>();
  private exited: string | null = null;

  /** `entry`: the worker module (ENGINE_WORKER from sources, or the built engineWorker.js). */
  constructor(entry: URL | string, data: EngineWorkerData) {
    this.channel = WorkerChannel.spawn(entry, data, (m) => this.emit(m as EventMessage), (e) => this.fail(e));
  }

  /** Validates `message` and forwards it; resolves with its Response under the caller's own id. Never rejects. */
  async request(message: unknown): Promise<Response> {
    const check = validateRequest(message);
    if (!check.ok) return { id: check.id, ok: false, error: check.error };
    const { id, method } = check.request;
    if (this.exited) return { id, ok: false, error: `${method}: ${this.exited}` };
    try {
      const [response] = (await this.channel.run('handle', [check.request])) as Response[];
      return { ...response, id };
    } catch (e) {
      return { id, ok: false, error: `${method}: ${this.reason(e as Error)}` };
    }
  }

  /** Every event of the session; returns the unsubscribe. */
  onEvent(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the session (so its run directory gets its summary) and ends the worker. */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.exited) return;
    let timer: NodeJS.Timeout | undefined;
    const stopped = this.request({ id: 0, method: 'stop' });
    await Promise.race([stopped, new Promise((r) => { timer = setTimeout(r, timeoutMs); })]);
    clearTimeout(timer);
    this.exited = 'engine worker closed';
    await this.channel.terminate();
  }

  /** Every listener gets every event: one that throws (a page that went away) costs itself that event, not the others. */
  private emit(m: EventMessage): void {
    for (const l of this.listeners) {
      try {
        l(m);
      } catch (e) {
        process.stderr.write(`quinarium: an event listener failed: ${(e as Error)?.message ?? String(e)}\n`);
      }
    }
  }

  private reason(e: Error): string {
    if (e instanceof WorkerSendError) return e.message;
    return /^worker exited/.test(e.message) ? `engine ${e.message}` : `engine worker failed: ${e.message}`;
  }

  /** The worker failed or exited unasked: every later request says why, and the pages see an error status. */
  private fail(e: Error): void {
    if (this.exited) return;
    this.exited = this.reason(e);
    this.emit({ event: { type: 'status', state: 'error', message: this.exited } });
  }
}
