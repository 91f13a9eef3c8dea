import { CheckpointError } from './errors';

/** `resume` on a run that has already done all its work: nothing to do, and its files are left as they are. */
export class RunCompleteError extends CheckpointError {
  override name = 'RunCompleteError';
}
