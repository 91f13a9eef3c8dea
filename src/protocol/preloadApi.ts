/**
 * The one API the Electron preload exposes to the page, as `window.quinarium`.
 * It carries the same protocol as the WebSocket of `quinarium serve`, so the
 * renderer's client can speak either.
 */
import type { HostMessage, Request, Response } from './messages';

export interface QuinariumPreloadApi {
  /** Sends one request; resolves with its Response (never rejects for an engine error: `ok: false` carries it). */
  request(message: Request): Promise<Response>;
  /**
   * Subscribes to what the host pushes: every `{event}` of the session. Responses
   * are not repeated here; they come back from `request`. Returns the unsubscribe.
   */
  onMessage(listener: (message: HostMessage) => void): () => void;
}

/** The IPC channel names shared by the main process and the preload. */
export const IPC_REQUEST_CHANNEL = 'quinarium:request';
export const IPC_MESSAGE_CHANNEL = 'quinarium:message';

declare global {
  interface Window {
    /** Present only inside the Electron app; the browser page uses the WebSocket instead. */
    quinarium?: QuinariumPreloadApi;
  }
}
