/**
 * The one API the Electron preload exposes to the page (contextBridge, under
 * context isolation), as `window.quinarium`. The preload implements exactly this;
 * the renderer never sees ipcRenderer.
 */
import type { HostMessage, Request, Response } from '../../../src/protocol/messages';

export interface QuinariumPreloadApi {
  /** Sends one request; resolves with its Response (ok or error), never rejects for an engine error. */
  request(message: Request): Promise<Response>;
  /** Subscribes to what the host pushes (session events); returns the unsubscribe function. */
  onMessage(callback: (message: HostMessage) => void): () => void;
}

declare global {
  interface Window {
    quinarium?: QuinariumPreloadApi;
  }
}
