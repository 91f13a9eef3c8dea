/**
 * A run that went to its end but whose result is no result: every individual of its
 * last generation diverged (evolution), or every lane (paper runs). Its run directory is complete (summary.json says
 * `"diverged": true`); the CLI says so in one line and exits with its own status, so
 * a script never mistakes it for a success (it exited 0 with a best picked among NaNs, issue 11).
 */
export class RunDivergedError extends Error {
  override name = 'RunDivergedError';
}
