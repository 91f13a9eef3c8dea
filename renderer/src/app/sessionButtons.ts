/** Which session buttons are enabled, and what Start means, in each state. */
export interface ButtonStates {
  start: boolean;
  /**
   * 'Start' creates a session from the form (or starts the one just created), 'Resume'
   * continues a paused one, 'Start new run' says that a finished run, a stopped one or a
   * replayed one is left as it is and a new run directory is made from the form.
   */
  startLabel: 'Start' | 'Resume' | 'Start new run';
  pause: boolean;
  step: boolean;
  stop: boolean;
  /** The form edits the next session; it is locked while one is live so what runs matches what is shown. */
  formLocked: boolean;
}

/**
 * `state` is the session's state, or 'none' (no session) or 'replay' (browsing a
 * run directory). Step is allowed on a fresh or finished run too: it creates a
 * session from the form and advances it one unit. With no connection to the host
 * nothing can be sent, so nothing is enabled.
 */
export function buttonStates(state: string, busy = false, connected = true): ButtonStates {
  const live = state === 'running' || state === 'paused' || state === 'idle';
  const ended = state === 'done' || state === 'stopped' || state === 'error' || state === 'replay';
  const states: ButtonStates = {
    start: state !== 'running',
    startLabel: state === 'paused' ? 'Resume' : ended ? 'Start new run' : 'Start',
    pause: state === 'running',
    step: state !== 'running',
    stop: live,
    formLocked: state === 'running' || state === 'paused',
  };
  // While a request is in flight, or the host is gone, every control waits.
  return busy || !connected ? { ...states, start: false, pause: false, step: false, stop: false } : states;
}
