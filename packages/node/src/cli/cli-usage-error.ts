/** The command line is wrong: an unknown flag, a bad value, no prompt, no key. The CLI exits with 2. */
export class CliUsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliUsageError';
  }
}
