/**
 * The main process's whole message logic, without Electron: a request from the
 * page is answered only for the trusted page and only after validation; events
 * from the engine go to the window. main.ts wires it to ipcMain and webContents.
 */
import type { HostMessage, Response } from '../../protocol/messages';
import { validateRequest } from '../../protocol/validateRequest';
import type { EngineConnection } from '../engineConnection';
import { isTrustedSender } from './navigationPolicy';

export interface IpcSender {
  /** The sending frame's URL (undefined when the frame is gone). */
  url: string | undefined;
  isTopFrame: boolean;
}

export interface IpcRelay {
  request(sender: IpcSender, message: unknown): Promise<Response>;
  /** Starts forwarding engine events to `deliver`; returns the stop function. */
  forwardEvents(deliver: (message: HostMessage) => void): () => void;
}

export function createIpcRelay(engine: EngineConnection, appPageUrl: string): IpcRelay {
  return {
    async request(sender, message) {
      if (!isTrustedSender(sender.url, sender.isTopFrame, appPageUrl)) {
        const id = typeof (message as { id?: unknown })?.id === 'number' ? (message as { id: number }).id : -1;
        return { id, ok: false, error: `request: refused: sender ${sender.url ?? '(gone)'} is not the app page` };
      }
      const check = validateRequest(message);
      if (!check.ok) return { id: check.id, ok: false, error: check.error };
      return engine.request(check.request);
    },
    // A window that cannot take one event (gone, or the event not cloneable) costs that event, never the main process.
    forwardEvents: (deliver) => engine.onEvent((m) => {
      try {
        deliver(m);
      } catch (e) {
        console.error(`quinarium app: could not send an event to the window: ${(e as Error)?.message ?? String(e)}`);
      }
    }),
  };
}
