import type { SessionEvent } from '../../../src/protocol/messages';

/** The subscriber list every client keeps for session events; a throwing listener does not starve the others. */
export class EventListeners {
  private readonly listeners = new Set<(event: SessionEvent) => void>();

  add(callback: (event: SessionEvent) => void): () => void {
    this.listeners.add(callback);
    return () => this.listeners.delete(callback);
  }

  emit(event: SessionEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error(`session event listener failed on a '${event.type}' event`, error);
      }
    }
  }
}
