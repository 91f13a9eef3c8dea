import type { Method, ResultOf } from '../../../src/protocol/messages';
import { EventListeners } from './eventListeners';
import type { QuinariumPreloadApi } from '../../../src/protocol/preloadApi';
import type { ParamsArgs, SessionClient } from './sessionClient';

/** The client over Electron IPC: the preload answers each request with its own Response. */
export function createPreloadClient(api: QuinariumPreloadApi): SessionClient {
  const listeners = new EventListeners();
  let nextId = 1;
  api.onMessage((message) => {
    if ('event' in message) listeners.emit(message.event);
  });
  return {
    transport: 'electron',
    async request<M extends Method>(method: M, ...args: ParamsArgs<M>): Promise<ResultOf[M]> {
      const id = nextId++;
      const message = (args.length ? { id, method, params: args[0] } : { id, method }) as Parameters<QuinariumPreloadApi['request']>[0];
      const response = await api.request(message);
      if (!response.ok) throw new Error(`${method}: ${response.error}`);
      return response.result as ResultOf[M];
    },
    onEvent: (callback) => listeners.add(callback),
  };
}
