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

/**
 * The client over the WebSocket of `quinarium serve`. Requests made before the
 * socket opens wait in a queue; when it closes, every waiting request fails with
 * the reason and listeners get a log event, so the page says it is disconnected.
 */
export function createWebSocketClient(url: string): SessionClient {
  const listeners = new EventListeners();
  const pending = new PendingRequests();
  const queue: string[] = [];
  const socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    for (const text of queue.splice(0)) socket.send(text);
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
    listeners.emit({ type: 'log', message: `Disconnected: ${reason}. Reload the page once the server runs again.` });
  });
  return {
    transport: 'websocket',
    request<M extends Method>(method: M, ...args: ParamsArgs<M>): Promise<ResultOf[M]> {
      if (socket.readyState === WebSocket.CLOSING || socket.readyState === WebSocket.CLOSED) {
        return Promise.reject(new Error(`${method}: the connection to the Quinarium server is closed`));
      }
      const { message, result } = pending.open(method, args[0]);
      const text = JSON.stringify(message);
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else queue.push(text);
      return result as Promise<ResultOf[M]>;
    },
    onEvent: (callback) => listeners.add(callback),
  };
}
