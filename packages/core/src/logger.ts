import { GroqError } from './errors/groq-error.js';
import { redactSecrets } from './redact-secrets.js';

/** How much the client logs, from nothing (`off`) to every request (`debug`). As in groq-sdk. */
export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Where the client's log lines go: `console`, or any object with these four methods (pino, winston, ...). */
export interface Logger {
  /** Logs a failure. */
  error: (message: string, ...rest: unknown[]) => void;
  /** Logs something that may need attention. */
  warn: (message: string, ...rest: unknown[]) => void;
  /** Logs a notable event, such as a retry. */
  info: (message: string, ...rest: unknown[]) => void;
  /** Logs each request and response. */
  debug: (message: string, ...rest: unknown[]) => void;
}

/** The log levels, quietest first. */
export const logLevels: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

/** Writes one line at `level` when the client's level lets it through. */
export type LogLine = (level: Exclude<LogLevel, 'off'>, message: string) => void;

/**
 * A `LogLine` for `level` and `logger`. Lines never carry headers or bodies, so the key cannot reach a log
 * through them.
 */
export function createLogLine(level: LogLevel = 'warn', logger: Logger = console): LogLine {
  if (!logLevels.includes(level)) {
    throw new GroqError(`logLevel must be one of ${logLevels.join(', ')}, got ${JSON.stringify(level)}.`);
  }
  const threshold = logLevels.indexOf(level);
  return (lineLevel, message) => {
    // A logger without this method (a JavaScript caller's partial one) must not fail the request.
    // Lines quote what failed, which may be a server's or runtime's words echoing the key.
    if (logLevels.indexOf(lineLevel) <= threshold) logger[lineLevel]?.(`[groq-stream] ${redactSecrets(message)}`);
  };
}

/**
 * The log level named by an environment variable (`GROQ_LOG` in the Node and web bindings), or
 * `undefined` when it is unset; a value that is not a level is reported on `logger` and ignored, as groq-sdk
 * does.
 */
export function readLogLevel(value: string | undefined, logger: Logger = console): LogLevel | undefined {
  if (value === undefined || value === '') return undefined;
  const level = value.trim().toLowerCase();
  if ((logLevels as readonly string[]).includes(level)) return level as LogLevel;
  logger.warn(`[groq-stream] GROQ_LOG must be one of ${logLevels.join(', ')}, got ${JSON.stringify(value)}; using warn.`);
  return undefined;
}
