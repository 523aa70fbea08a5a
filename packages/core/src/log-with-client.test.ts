import { afterEach, describe, expect, test, vi } from 'vitest';
import { Groq } from './groq.js';
import { errorWordsForLog, logWithClient } from './log-with-client.js';
import type { Logger, LogLevel } from './logger.js';
import { recordingLogger } from './test/recording-logger.js';

const secret = 'gsk_LogWithClientSecret0123456789';

/** A logger that keeps each call as `[level, ...arguments]`. */
const clientWith = (logger: Logger, logLevel?: LogLevel) => new Groq({ apiKey: secret, fetch: () => Promise.reject(new Error('not called')), logger, logLevel });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('logWithClient', () => {
  test('writes to the client logger with the prefix, the message and the details redacted', () => {
    const logger = recordingLogger();
    logWithClient(clientWith(logger), 'warn', `upstream refused ${secret}`, new Error(`key ${secret}`));
    expect(logger.calls).toHaveLength(1);
    const [level, line, detail] = logger.calls[0]!;
    expect([level, line, (detail as Error).message]).toEqual(['warn', '[groq-stream] upstream refused [redacted]', 'key [redacted]']);
  });

  test('respects the client logLevel: off writes nothing, error only error lines', () => {
    const silent = recordingLogger();
    logWithClient(clientWith(silent, 'off'), 'error', 'a bug');
    expect(silent.calls).toEqual([]);
    const errorsOnly = recordingLogger();
    logWithClient(clientWith(errorsOnly, 'error'), 'warn', 'an outage');
    logWithClient(clientWith(errorsOnly, 'error'), 'error', 'a bug');
    expect(errorsOnly.calls).toEqual([['error', '[groq-stream] a bug']]);
  });

  test('without a client, writes to console', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    logWithClient(undefined, 'warn', 'an outage');
    expect(warn.mock.calls).toEqual([['[groq-stream] an outage']]);
  });

  test('never throws: a logger that throws, or a client option that throws when read, sends the line to console after saying why', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const failing = { ...recordingLogger(), warn: () => { throw new Error('log shipper down'); } };
    expect(() => logWithClient(clientWith(failing), 'warn', 'an outage')).not.toThrow();
    expect(String(error.mock.calls[0]?.[0])).toMatch(/^\[groq-stream\] The logger's warn\(\) threw while writing a line: log shipper down\..* The line follows here instead\.$/);
    const odd = {
      get logLevel(): LogLevel {
        throw new Error('not configured');
      },
      logger: console,
    };
    expect(() => logWithClient(odd, 'warn', 'an outage')).not.toThrow();
    expect(String(error.mock.calls[1]?.[0])).toBe("[groq-stream] Reading the client's logLevel or logger failed: not configured. The line follows here instead.");
    expect(warn.mock.calls).toEqual([['[groq-stream] an outage'], ['[groq-stream] an outage']]);
  });
});

describe('errorWordsForLog', () => {
  test('an error gives its message and any other value its text, with keys redacted', () => {
    expect(errorWordsForLog(new Error(`prompt store refused ${secret}`))).toBe('prompt store refused [redacted]');
    expect(errorWordsForLog(`no tenant for ${secret}`)).toBe('no tenant for [redacted]');
    expect(errorWordsForLog(42)).toBe('42');
  });

  test('a value that cannot be turned into text is said to be one, rather than failing the line', () => {
    expect(errorWordsForLog(Object.create(null))).toBe('a value that cannot be shown as text');
  });
});
