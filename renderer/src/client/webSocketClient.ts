import type { HostMessage, Method, ResultOf } from '../../../src/protocol/messages';
import { EventListeners } from './eventListeners';
import { PendingRequests } from './pendingRequests';
import type { ParamsArgs, SessionClient } from './sessionClient';

/** True for the two shapes the host sends: a Response (numeric id, ok flag) or an event envelope. */
export function isHostMessage(value: unknown): value is HostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if ('event' in v) return typeof v.event === 'object' && v.event !== null && typeof (v.event as { type?: unknown }).type === 'string';
  return typeof v.id === 'number' && typeof v.ok === 'boolean';
}

/** Milliseconds before the n-th reconnection attempt (n from 0): quick at first, then every 2 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(2000, 250 * 2 ** attempt);
}

/**
 * The client over the WebSocket of `quinarium serve`. Requests made before the
 * socket opens wait in a queue. When it closes, every waiting request fails with
 * the reason, connection listeners hear `false`, and the client keeps trying the
 * same URL: `serve` restarted in the same folder comes back at the same address and
 * token (src/hosts/web/serveIdentity.ts), and listeners then hear `true`.
 */
export function createWebSocketClient(url: string): SessionClient {
  const listeners = new EventListeners();
  const connection = new Set<(connected: boolean, detail: string) => void>();
  const pending = new PendingRequests();
  const queue: string[] = [];
  let socket: WebSocket;
  let attempts = 0;
  /** Whether the page has been told it is connected (so a failed retry does not repeat "disconnected"). */
  let connected = true;
  const tell = (value: boolean, detail: string) => {
    connected = value;
    for (const c of connection) c(value, detail);
  };

  const open = () => {
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      attempts = 0;
      for (const text of queue.splice(0)) socket.send(text);
      if (!connected) tell(true, 'reconnected');
    });
    socket.addEventListener('message', (e: MessageEvent) => {
      let message: unknown;
      try {
        message = JSON.parse(String(e.data));
      } catch {
        console.error('webSocketClient: expected JSON from the host, got', String(e.data).slice(0, 120));
        return;
      }
      if (!isHostMessage(message)) {
        console.error('webSocketClient: expected a Response or {event}, got', message);
        return;
      }
      if ('event' in message) listeners.emit(message.event);
      else pending.settle(message);
    });
    socket.addEventListener('close', (e: CloseEvent) => {
      const reason = `connection to the Quinarium server closed (code ${e.code}${e.reason ? `, ${e.reason}` : ''})`;
      pending.failAll(reason);
      const delay = reconnectDelay(attempts++);
      if (connected) tell(false, `${reason}; retrying every ${reconnectDelay(8) / 1000} s — restart \`quinarium serve\` in the same folder and this page reconnects`);
      setTimeout(open, delay);
    });
  };
  open();

  return {
    transport: 'websocket',
    request<M extends Method>(method: M, ...args: ParamsArgs<M>): Promise<ResultOf[M]> {
      if (!connected || socket.readyState === WebSocket.CLOSING || socket.readyState === WebSocket.CLOSED) {
        return Promise.reject(new Error(`${method}: the Quinarium server is not connected`));
      }
      const { message, result } = pending.open(method, args[0]);
      const text = JSON.stringify(message);
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else queue.push(text);
      return result as Promise<ResultOf[M]>;
    },
    onEvent: (callback) => listeners.add(callback),
    onConnection: (callback) => {
      connection.add(callback);
      return () => connection.delete(callback);
    },
  };
}
