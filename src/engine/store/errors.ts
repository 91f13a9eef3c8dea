/**
 * A stored run file (checkpoint array, JSON-lines log, run directory) that could not be
 * read or written, or does not hold what it should. Messages name the file and the problem.
 */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}
