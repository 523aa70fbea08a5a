import type { Logger } from '../logger.js';

/** What {@link recordingLogger} gives: a `Logger` that keeps what it was given. */
export interface RecordingLogger extends Logger {
  /** Every call in order, as `[level, ...arguments]`: `['warn', 'myRelay: the answer failed …']`. */
  calls: unknown[][];
}

/**
 * A `Logger` for a client's `logger` option that writes nothing and records each call with its level, to prove
 * which lines a client or relay writes, at which level, and that no API key is in them.
 *
 * @example
 * ```ts
 * const logger = recordingLogger();
 * const client = new Groq({ apiKey, logger, logLevel: 'info' });
 * // ... relay a request the browser leaves halfway
 * expect(logger.calls.some(([level, line]) => level === 'info' && String(line).includes('the browser left'))).toBe(true);
 * ```
 */
export function recordingLogger(): RecordingLogger {
  const calls: unknown[][] = [];
  const keep = (level: string) => (...line: unknown[]): void => void calls.push([level, ...line]);
  return { calls, error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') };
}
