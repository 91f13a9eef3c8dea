/** Which session buttons are enabled, and what Start means, in each state. */
export interface ButtonStates {
  start: boolean;
  /** 'Start' creates a new session from the form; 'Resume' continues a paused one. */
  startLabel: 'Start' | 'Resume';
  pause: boolean;
  step: boolean;
  stop: boolean;
  /** The form edits the next session; it is locked while one is live so what runs matches what is shown. */
  formLocked: boolean;
}

/**
 * `state` is the session's state, or 'none' (no session) or 'replay' (browsing a
 * run directory). Step is allowed on a fresh or finished run too: it creates a
 * session from the form and advances it one unit.
 */
export function buttonStates(state: string, busy = false): ButtonStates {
  const live = state === 'running' || state === 'paused' || state === 'idle';
  const states: ButtonStates = {
    start: state !== 'running',
    startLabel: state === 'paused' ? 'Resume' : 'Start',
    pause: state === 'running',
    step: state !== 'running',
    stop: live,
    formLocked: state === 'running' || state === 'paused',
  };
  // While a request is in flight every control waits for its answer.
  return busy ? { ...states, start: false, pause: false, step: false, stop: false } : states;
}
