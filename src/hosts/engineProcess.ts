/**
 * The main-thread side of the engine worker: spawns it, validates and forwards
 * requests, and hands back each Response to whoever asked and every event to all
 * listeners. Several pages (WebSocket clients) may share one engine, so request
 * ids are renumbered on the way in and restored on the way out.
 */
import { Worker } from 'node:worker_threads';
import type { HostMessage, Response } from '../protocol/messages';
import type { SessionEvent } from '../protocol/events';
import { validateRequest } from '../protocol/validateRequest';
import type { EngineConnection, EventMessage } from './engineConnection';

export type { EventMessage };
import type { EngineWorkerData } from './engineWorker';

export interface EngineWorkerEntry {
  /** The worker's module (the built engineWorker.js), or with `eval` the source of a bootstrap script. */
  file: string | URL;
  eval?: boolean;
  execArgv?: string[];
}


interface Pending {
  callerId: number;
  resolve(response: Response): void;
}

export class EngineProcess implements EngineConnection {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(message: EventMessage) => void>();
  private nextId = 1;
  private exited: string | null = null;
  private closing = false;
  private readonly exitedPromise: Promise<void>;

  constructor(entry: EngineWorkerEntry, data: EngineWorkerData) {
    this.worker = new Worker(entry.file, { eval: entry.eval ?? false, workerData: data, execArgv: entry.execArgv ?? [] });
    this.worker.on('message', (m: HostMessage) => this.receive(m));
    this.worker.on('error', (err) => this.fail(`engine worker failed: ${err.message}`));
    this.exitedPromise = new Promise((resolve) => {
      this.worker.on('exit', (code) => {
        this.fail(`engine worker exited (code ${code})`);
        resolve();
      });
    });
  }

  /** Validates `message` and forwards it; resolves with its Response under the caller's own id. */
  request(message: unknown): Promise<Response> {
    const check = validateRequest(message);
    if (!check.ok) return Promise.resolve({ id: check.id, ok: false, error: check.error });
    const callerId = check.request.id;
    if (this.exited) return Promise.resolve({ id: callerId, ok: false, error: `${check.request.method}: ${this.exited}` });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { callerId, resolve });
      this.worker.postMessage({ ...check.request, id });
    });
  }

  /** Every event of the session; returns the unsubscribe. */
  onEvent(listener: (message: EventMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops the session (so its run directory gets its summary) and ends the worker. */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.exited) return;
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    const stopped = this.request({ id: 0, method: 'stop' });
    await Promise.race([stopped, new Promise((r) => { timer = setTimeout(r, timeoutMs); })]);
    clearTimeout(timer);
    await this.worker.terminate();
    await this.exitedPromise;
  }

  private receive(m: HostMessage): void {
    if ('event' in m) {
      for (const l of this.listeners) l(m);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return; // a reply to a message the worker could not read the id of; the caller already got its answer
    this.pending.delete(m.id);
    p.resolve({ ...m, id: p.callerId });
  }

  private fail(reason: string): void {
    if (this.exited) return;
    this.exited = reason;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.resolve({ id: p.callerId, ok: false, error: reason });
    }
    // Ending the worker on purpose is not an error the pages should show.
    if (!this.closing) for (const l of this.listeners) l({ event: { type: 'status', state: 'error', message: reason } });
  }
}
