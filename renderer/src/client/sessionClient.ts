import type { Method, Request, ResultOf, SessionEvent } from '../../../src/protocol/messages';
import { createDemoClient } from './demoClient';
import { createPreloadClient } from './preloadClient';
import { createWebSocketClient } from './webSocketClient';

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
}

/**
 * Picks the transport: the Electron preload's API when present; the in-page demo
 * with `?demo=1`; otherwise the WebSocket of `quinarium serve` on this page's host,
 * authenticated by the `?token=` the server printed in the URL.
 */
export function connectClient(location: Location = window.location): SessionClient {
  const query = new URLSearchParams(location.search);
  if (window.quinarium) return createPreloadClient(window.quinarium);
  if (query.get('demo') === '1') return createDemoClient({ autoRun: query.get('run') ?? undefined });
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = query.get('token') ?? '';
  return createWebSocketClient(`${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`);
}
