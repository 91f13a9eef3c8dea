/**
 * What a long-lived host does with an error nothing caught: `quinarium serve`, the
 * engine worker and Electron's main process log it in one line and keep running,
 * because exiting would take the live run (and everything since its last
 * checkpoint) down with it. Before this, one stray rejection ended `serve`, and the
 * tfjs-wasm glue's own handlers rethrew every error (exit 7, issue 11).
 */

export type ProcessErrorKind = 'uncaughtException' | 'unhandledRejection';

/** One line for whatever was thrown: `Error.message`, or the value itself. */
export function describeThrown(thrown: unknown): string {
  if (thrown instanceof Error) return `${thrown.name === 'Error' ? '' : `${thrown.name}: `}${thrown.message}`;
  try {
    return String(thrown);
  } catch {
    return typeof thrown;
  }
}

/**
 * Installs the keep-running policy on `process` (in a worker thread: that thread's
 * process events) and returns its removal. `log` gets one line per error.
 */
export function keepRunningOnErrors(host: string, log: (line: string) => void): () => void {
  const handler = (kind: ProcessErrorKind) => (thrown: unknown) => {
    try {
      log(`${host}: ${kind === 'unhandledRejection' ? 'unhandled rejection' : 'uncaught exception'} (kept running): ${describeThrown(thrown)}`);
    } catch {
      // A log that throws must not turn a handled error into a crash.
    }
  };
  const onException = handler('uncaughtException');
  const onRejection = handler('unhandledRejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
