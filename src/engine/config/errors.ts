/**
 * A config that does not match its schema. `field` is the dotted path of the
 * offending field (`config.selection.tournamentSize`), or the file name when the
 * file itself could not be read or parsed; the message is the one line to show.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
