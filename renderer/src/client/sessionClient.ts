/**
 * The SessionClient interface alone. The transports implement it and
 * connectClient.ts picks one; this file imports none of them, so the interface and
 * its implementations form no import cycle.
 */
import type { Method, Request, ResultOf, SessionEvent } from '../../../src/protocol/messages';

/** The params a method takes (undefined for those without). */
export type ParamsOf<M extends Method> = Extract<Request, { method: M }> extends { params: infer P } ? P : undefined;

/** Arguments after the method name: none for parameterless methods, else exactly the params. */
export type ParamsArgs<M extends Method> = ParamsOf<M> extends undefined ? [] : [params: ParamsOf<M>];

/** The renderer's view of a session host, whatever carries the messages. */
export interface SessionClient {
  /** Sends one request; rejects with the host's error message when the response is not ok. */
  request<M extends Method>(method: M, ...params: ParamsArgs<M>): Promise<ResultOf[M]>;
  /** Subscribes to session events; returns the unsubscribe function. */
  onEvent(callback: (event: SessionEvent) => void): () => void;
  /** Which transport this is, for the status bar. */
  readonly transport: 'electron' | 'websocket' | 'demo';
  /**
   * Subscribes to the connection's state: false when the host went away (the page then
   * says so and disables what would send), true when it is back. Transports that cannot
   * lose their host (Electron IPC, the demo) never call it.
   */
  onConnection?(callback: (connected: boolean, detail: string) => void): () => void;
}
