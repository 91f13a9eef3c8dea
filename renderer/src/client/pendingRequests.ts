import type { Method, Request, Response } from '../../../src/protocol/messages';

interface Pending { method: Method; resolve: (result: unknown) => void; reject: (error: Error) => void }

/**
 * Matches responses to requests by id for transports that carry both over one
 * channel (the WebSocket): each request gets the next id, and exactly one response
 * settles it.
 */
export class PendingRequests {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** A request message with a fresh id, and the promise its response settles. */
  open(method: Method, params: unknown): { message: Request; result: Promise<unknown> } {
    const id = this.nextId++;
    const message = (params === undefined ? { id, method } : { id, method, params }) as Request;
    const result = new Promise<unknown>((resolve, reject) => this.pending.set(id, { method, resolve, reject }));
    return { message, result };
  }

  /** Settles the request the response answers; false when no request has that id. */
  settle(response: Response): boolean {
    const entry = this.pending.get(response.id);
    if (!entry) return false;
    this.pending.delete(response.id);
    if (response.ok) entry.resolve(response.result);
    else entry.reject(new Error(`${entry.method}: ${response.error}`));
    return true;
  }

  /** Rejects everything still waiting (the connection is gone). */
  failAll(reason: string): void {
    for (const entry of this.pending.values()) entry.reject(new Error(`${entry.method}: ${reason}`));
    this.pending.clear();
  }

  get size(): number { return this.pending.size; }
}
