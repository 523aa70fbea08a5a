import { asSentence } from './as-sentence.js';
import { GroqError } from './errors/groq-error.js';
import { redactSecretsDeep } from './redact-secrets-deep.js';
import { describeKind } from './describe-kind.js';
import { describeCause } from './describe-cause.js';
import { cutShort, excerpt } from './excerpt.js';

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

/** Writes one line at `level` when the client's level lets it through, with `details` (an error, say) after it. */
export type LogLine = (level: Exclude<LogLevel, 'off'>, message: string, ...details: unknown[]) => void;

/**
 * A `LogLine` for `level` and `logger`. Lines never carry headers or bodies, so the key cannot reach a log
 * through them; `details` are written as redacted copies.
 */
export function createLogLine(level: LogLevel = 'warn', logger: Logger | null = console): LogLine {
  if (!logLevels.includes(level)) {
    throw new GroqError(`logLevel must be one of ${logLevels.join(', ')}, got ${typeof level === 'string' ? excerpt(level, 40) : describeKind(level)}.`);
  }
  // `null` is the default, as in groq-sdk. Anything else is checked now: it would fail (or be ignored) only
  // once a line is written, in the middle of some request.
  logger ??= console;
  if (typeof logger !== 'object' && typeof logger !== 'function') {
    throw new GroqError(`logger must be an object with error, warn, info and debug methods, got ${describeKind(logger)}.`, {
      hint: 'Pass console, or a pino or winston logger.',
    });
  }
  for (const method of ['error', 'warn', 'info', 'debug'] as const) {
    const member: unknown = logger[method];
    if (member !== undefined && member !== null && typeof member !== 'function') {
      throw new GroqError(`logger.${method} must be a function, got ${describeKind(member)}.`);
    }
  }
  const log = logger;
  const threshold = logLevels.indexOf(level);
  return (lineLevel, message, ...details) => {
    // A logger without this method (a JavaScript caller's partial one) must not fail the request.
    // Lines quote what failed, which may be a server's or runtime's words echoing the key.
    if (logLevels.indexOf(lineLevel) > threshold) return;
    try {
      log[lineLevel]?.(`[groq-stream] ${oneBoundedLine(message)}`, ...details.map((detail) => redactSecretsDeep(detail)));
    } catch (cause) {
      // Said as the logger's failure: thrown bare from inside a request, it could pass for a network failure.
      throw new GroqError(asSentence(`The logger's ${lineLevel}() threw while writing a line: ${describeCause(cause)}`), {
        cause,
        hint: 'Fix the logger, or set logLevel so that it is not called.',
      });
    }
  };
}

// Lines quote what a server sent (an error body's message, a redirect's location). Its line breaks would let it
// write lines of its own into the log, looking like the SDK's or the app's (see escapeControls), and its length
// is the server's to choose: a 64 KiB message would be one 64 KiB line on every failure.
const maxLineLength = 2000;

/**
 * `message` as one line of bounded length, quoted as {@link cutShort} quotes a server's words: keys redacted
 * (before the cut, which could leave a key's start too short to match), cut at {@link maxLineLength} as written,
 * and control characters written as escapes after the cut, which so never splits one.
 */
function oneBoundedLine(message: string): string {
  return cutShort(message, maxLineLength);
}

/**
 * The log level named by an environment variable (`GROQ_LOG` in the Node and web bindings), or
 * `undefined` when it is unset or blank; a value that is not a level is reported on `logger` (default `console`) and
 * ignored, as groq-sdk does.
 */
export function readLogLevel(value: string | undefined, logger: Logger | null = console): LogLevel | undefined {
  if (value === undefined) return undefined;
  const level = value.trim().toLowerCase();
  // Blank, as a `.env` line `GROQ_LOG=` or `GROQ_LOG= ` leaves it: unset, as a blank key or base URL is.
  if (level === '') return undefined;
  if ((logLevels as readonly string[]).includes(level)) return level as LogLevel;
  // A logger without `warn` skips the line, as the client's lines do; one that is no logger at all is the
  // client's to refuse, with its own error.
  const warn = (logger ?? console) as Partial<Logger>;
  if (typeof warn.warn === 'function') warn.warn(`[groq-stream] GROQ_LOG must be one of ${logLevels.join(', ')}, got ${JSON.stringify(value)}; using warn.`);
  return undefined;
}
