/**
 * The preload: the page's one door to the main process, exposed under context
 * isolation as `window.quinarium` (see src/protocol/preloadApi.ts). Sandboxed, so
 * it may import only `electron`; the main process validates every message.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HostMessage, Request, Response } from '../../protocol/messages';
import { IPC_MESSAGE_CHANNEL, IPC_REQUEST_CHANNEL, type QuinariumPreloadApi } from '../../protocol/preloadApi';

const api: QuinariumPreloadApi = {
  request: (message: Request) => ipcRenderer.invoke(IPC_REQUEST_CHANNEL, message) as Promise<Response>,
  onMessage: (listener) => {
    // The IPC event object (with its sender) never reaches the page; only the message does.
    const handler = (_e: IpcRendererEvent, message: HostMessage) => listener(message);
    ipcRenderer.on(IPC_MESSAGE_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(IPC_MESSAGE_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('quinarium', api);
