import type { Response } from '../protocol/messages';
import type { SessionEvent } from '../protocol/events';

/** One session event as the engine worker sends it. */
export type EventMessage = { event: SessionEvent };

/** What a transport (WebSocket server, Electron IPC) needs of the engine: EngineProcess, or a stand-in in tests. */
export interface EngineConnection {
  /** Answers one message with exactly one Response; never rejects. */
  request(message: unknown): Promise<Response>;
  /** Every event of the session; returns the unsubscribe. */
  onEvent(listener: (message: EventMessage) => void): () => void;
}
