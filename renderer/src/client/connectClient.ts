/**
 * Picks the page's transport. Kept apart from sessionClient.ts (the interface) so
 * the implementations can import the interface without a cycle.
 */
import { createReplayClient } from './replayClient';
import { createPreloadClient } from './preloadClient';
import type { SessionClient } from './sessionClient';
import { createWebSocketClient } from './webSocketClient';

/**
 * The Electron preload's API when present; the recorded-run replay with `?demo=1`
 * (`&run=<preset>` creates and starts that recorded preset at once); otherwise the
 * WebSocket of `quinarium serve` on this page's host, authenticated by the
 * `?token=` the server printed in the URL.
 */
export function connectClient(location: Location = window.location): SessionClient {
  const query = new URLSearchParams(location.search);
  if (window.quinarium) return createPreloadClient(window.quinarium);
  if (query.get('demo') === '1') return createReplayClient({ autoRun: query.get('run') ?? undefined });
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = query.get('token') ?? '';
  return createWebSocketClient(`${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`);
}
