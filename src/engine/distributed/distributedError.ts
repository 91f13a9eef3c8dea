/**
 * A distributed run that cannot go on for a reason the user can fix (Redis unreachable,
 * a refused worker, a malformed URL): the message is the one line to show.
 */
export class DistributedError extends Error {
  override name = 'DistributedError';
}
