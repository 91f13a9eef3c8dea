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
 * WebSocket of `quinarium serve` beside this page (`<page's folder>/ws`),
 * authenticated by the cookie the server set for its own path when it served the
 * page; the `?token=` is then taken out of the address bar (stripTokenFromAddress).
 */
export function connectClient(location: Location = window.location): SessionClient {
  const query = new URLSearchParams(location.search);
  if (window.quinarium) return createPreloadClient(window.quinarium);
  if (query.get('demo') === '1') return createReplayClient({ autoRun: query.get('run') ?? undefined });
  return createWebSocketClient(webSocketAddress(location));
}

/** `ws://host/<page's folder>/ws`: the protocol beside the page, on the page's own path (where its cookie goes). */
export function webSocketAddress(location: Pick<Location, 'protocol' | 'host' | 'pathname'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const folder = location.pathname.slice(0, location.pathname.lastIndexOf('/') + 1) || '/';
  return `${scheme}//${location.host}${folder}ws`;
}

/**
 * The page's address without its `?token=` (path, other parameters and hash kept), or
 * null when it has none. The token would otherwise stay in the address bar, the
 * history and any bookmark or screenshot; the cookie carries it from here on (issue 11).
 */
export function addressWithoutToken(location: Pick<Location, 'pathname' | 'search' | 'hash'>): string | null {
  const query = new URLSearchParams(location.search);
  if (!query.has('token')) return null;
  query.delete('token');
  const rest = query.toString();
  return `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`;
}

/** Takes the token out of the address bar once the page has loaded (history.replaceState: no reload, no new entry). */
export function stripTokenFromAddress(location: Location = window.location, history: History = window.history): void {
  const address = addressWithoutToken(location);
  if (address !== null) history.replaceState(history.state, '', address);
}
