import { describe, expect, test } from 'vitest';
import { APIConnectionError } from './errors/api-connection-error.js';
import { GroqError } from './errors/groq-error.js';
import type { ClientOptions } from './client-options.js';
import { Groq } from './groq.js';
import { readLogLevel, type Logger } from './logger.js';
import { eventually } from './test/eventually.js';

const secret = 'gsk_LogSecret0123456789';
const messages = [{ role: 'user' as const, content: 'hi' }];
const model = 'llama-3.1-8b-instant';
const completion = () => Response.json({ id: 'c', object: 'chat.completion', created: 1, model, choices: [] }, { headers: { 'x-request-id': 'req_42' } });
const rateLimited = () => Response.json({ error: { message: 'Slow down' } }, { status: 429, headers: { 'retry-after-ms': '10' } });

/** A logger that keeps its lines as `level: message`. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (level: string) => (message: string, ...rest: unknown[]) => lines.push(`${level}: ${[message, ...rest].join(' ')}`);
  return { lines, error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') };
}

/** A client whose fetch answers with `answers` in turn (the last one repeats). */
function clientWith(options: ClientOptions, ...answers: (() => Response)[]): Groq {
  let calls = 0;
  const fetch = () => {
    const answer = answers[Math.min(calls++, answers.length - 1)]!;
    return Promise.resolve(answer());
  };
  return new Groq({ apiKey: secret, fetch, defaultHeaders: { 'x-team-token': 'tok_Hidden' }, ...options });
}

describe('logging', () => {
  test('by default (warn), a request that was retried logs nothing', async () => {
    const logger = recordingLogger();
    await clientWith({ logger }, rateLimited, completion).chat.completions.create({ model, messages });
    expect(logger.lines).toEqual([]);
  });

  test('info logs each retry: what failed and when the next attempt is', async () => {
    const logger = recordingLogger();
    await clientWith({ logger, logLevel: 'info' }, rateLimited, completion).chat.completions.create({ model, messages });
    expect(logger.lines).toEqual(['info: [groq-stream] POST /openai/v1/chat/completions: status 429. Retrying in 0.0 s, retry 1 of 2.']);
  });

  test("info names the failed attempt's request id when it sent one, and never a key in its place", async () => {
    const logger = recordingLogger();
    const failedWith = (id: string) => () => Response.json({ error: { message: 'Over capacity' } }, { status: 503, headers: { 'retry-after-ms': '10', 'x-request-id': id } });
    await clientWith({ logger, logLevel: 'info' }, failedWith('req_01failed'), completion).chat.completions.create({ model, messages });
    // A confused proxy that echoes the key where the id goes: said as no id at all.
    await clientWith({ logger, logLevel: 'info' }, failedWith(secret), completion).chat.completions.create({ model, messages });
    expect(logger.lines).toEqual([
      'info: [groq-stream] POST /openai/v1/chat/completions: status 503, request req_01failed. Retrying in 0.0 s, retry 1 of 2.',
      'info: [groq-stream] POST /openai/v1/chat/completions: status 503. Retrying in 0.0 s, retry 1 of 2.',
    ]);
  });

  test('info logs a connection failure before its retry', async () => {
    const logger = recordingLogger();
    let calls = 0;
    const fetch = () => (calls++ === 0 ? Promise.reject(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') })) : Promise.resolve(completion()));
    await new Groq({ apiKey: secret, fetch, logger, logLevel: 'info' }).chat.completions.create({ model, messages });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^info: \[groq-stream\] POST \/openai\/v1\/chat\/completions: no response \(fetch failed: connect ECONNREFUSED 127\.0\.0\.1:9\)\. Retrying in \d+\.\d s, retry 1 of 2\.$/);
  });

  test('a logger that throws fails the request with a GroqError saying so, after letting go of the response', async () => {
    let cancelled = false;
    let calls = 0;
    const fetch = () => {
      calls += 1;
      const body = new ReadableStream({ pull: (controller) => controller.enqueue(new TextEncoder().encode(': x\n\n')), cancel: () => void (cancelled = true) });
      return Promise.resolve(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    };
    const logger = { ...recordingLogger(), debug: (line: string) => void (line.includes(': 200 in ') && fail()) };
    const fail = () => {
      throw new Error('disk full');
    };
    const error = await new Groq({ apiKey: secret, fetch, logger, logLevel: 'debug' }).chat.completions.create({ model, messages, stream: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GroqError);
    expect((error as GroqError).message).toBe("The logger's debug() threw while writing a line: disk full. Fix the logger, or set logLevel so that it is not called.");
    expect((error as GroqError).cause).toEqual(new Error('disk full'));
    expect(calls).toBe(1);
    await eventually(() => cancelled);
  });

  test('a logger that throws on a redirect line is not taken for a network failure and retried', async () => {
    let calls = 0;
    const fetch = () => {
      calls += 1;
      return Promise.resolve(new Response(null, { status: 307, headers: { location: 'https://api.groq.com/elsewhere' } }));
    };
    const logger = { ...recordingLogger(), debug: (line: string) => void (line.includes('redirected') && fail()) };
    const fail = () => {
      throw new Error('disk full');
    };
    const error = await new Groq({ apiKey: secret, fetch, logger, logLevel: 'debug' }).chat.completions.create({ model, messages }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GroqError);
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect((error as GroqError).message).toMatch(/^The logger's debug\(\) threw while writing a line: disk full\./);
    expect(calls).toBe(1);
  });

  test('debug logs each attempt and response, and never a header, the key or the body', async () => {
    const logger = recordingLogger();
    await clientWith({ logger, logLevel: 'debug' }, rateLimited, completion).chat.completions.create({ model, messages });
    expect(logger.lines.map((line) => line.replace(/\d+ ms/, 'N ms').replace(/in \d+\.\d s/, 'in T s'))).toEqual([
      'debug: [groq-stream] POST /openai/v1/chat/completions: sending, attempt 1 of 3',
      'debug: [groq-stream] POST /openai/v1/chat/completions: 429 in N ms',
      'info: [groq-stream] POST /openai/v1/chat/completions: status 429. Retrying in T s, retry 1 of 2.',
      'debug: [groq-stream] POST /openai/v1/chat/completions: sending, attempt 2 of 3',
      'debug: [groq-stream] POST /openai/v1/chat/completions: 200 in N ms, request req_42',
    ]);
    const everything = logger.lines.join('\n');
    for (const hidden of [secret.slice(4), 'Hidden', 'hi"', 'llama']) expect(everything).not.toContain(hidden);
  });

  test("a line quoting the server's words is one line, of bounded length, whatever they hold", async () => {
    // A runtime's or server's words that would write a forged line of their own, then 64 KiB more.
    const words = `reset\n[groq-stream] POST /openai/v1/chat/completions: 200 in 1 ms\r\n\u001b[2J\u2028\u202eend ${'x'.repeat(65_536)}`;
    let calls = 0;
    const fetch = () => (calls++ === 0 ? Promise.reject(new TypeError('fetch failed', { cause: new Error(words) })) : Promise.resolve(completion()));
    const logger = recordingLogger();
    await new Groq({ apiKey: secret, fetch, logger, logLevel: 'info' }).chat.completions.create({ model, messages });
    expect(logger.lines).toHaveLength(1);
    const [line] = logger.lines as [string];
    expect(line).not.toMatch(/[\n\r\u001b\u2028\u202e]/);
    expect(line).toContain('no response (fetch failed: reset\\n[groq-stream] POST /openai/v1/chat/completions: 200 in 1 ms\\r\\n\\u001b[2J\\u2028\\u202eend xxx');
    // Cut where the message quotes the runtime's words (at 500 characters as written), which bounds the line too.
    expect(line.length).toBeLessThan(2100);
    expect(line).toMatch(/end x+… \(65613 characters in all\)\)\. Retrying in /);
  });

  test('a logger without the method for a level is skipped for it, and the request goes on', async () => {
    const lines: string[] = [];
    const partial = { info: (message: string) => void lines.push(message) } as unknown as Logger;
    const answer = await clientWith({ logger: partial, logLevel: 'debug' }, rateLimited, completion).chat.completions.create({ model, messages });
    expect(answer.id).toBe('c');
    expect(lines).toHaveLength(1);
  });

  test('off logs nothing, and a level that does not exist is refused', async () => {
    const logger = recordingLogger();
    await clientWith({ logger, logLevel: 'off' }, rateLimited, completion).chat.completions.create({ model, messages });
    expect(logger.lines).toEqual([]);
    expect(() => new Groq({ apiKey: secret, logLevel: 'verbose' as ClientOptions['logLevel'] })).toThrow(GroqError);
    expect(() => new Groq({ apiKey: secret, logLevel: 'verbose' as ClientOptions['logLevel'] })).toThrow(/logLevel must be one of off, error, warn, info, debug, got "verbose"/);
  });

  test('a logger that is no object, or whose method is no function, fails in the constructor, not in the middle of a request', () => {
    for (const [logger, message] of [
      [5, /^logger must be an object with error, warn, info and debug methods, got a number\. Pass console/],
      ['console', /^logger must be an object .*, got a string\./],
      [{ debug: 'yes' }, /^logger\.debug must be a function, got a string\.$/],
      [{ error: console.error, warn: {} }, /^logger\.warn must be a function, got an object\.$/],
    ] as const) {
      expect(() => new Groq({ apiKey: secret, logger: logger as never }), String(logger)).toThrow(message);
      expect(() => new Groq({ apiKey: secret, logger: logger as never })).toThrow(GroqError);
    }
    expect(() => new Groq({ apiKey: secret, logLevel: 1n as never })).toThrow(/^logLevel must be one of off, error, warn, info, debug, got a bigint\.$/);
  });

  test('a null logger means console, as in groq-sdk, rather than failing the first request that logs', async () => {
    const { warn, debug } = console;
    const lines: unknown[] = [];
    console.warn = console.debug = (...args: unknown[]) => void lines.push(args[0]);
    try {
      const answer = await clientWith({ logger: null as never, logLevel: 'debug' }, completion).chat.completions.create({ model, messages });
      expect(answer.id).toBe('c');
      expect(readLogLevel('verbose', null as never)).toBeUndefined();
      expect(readLogLevel('verbose', {} as never)).toBeUndefined();
    } finally {
      Object.assign(console, { warn, debug });
    }
    expect(lines).toEqual([
      expect.stringMatching(/^\[groq-stream\] POST \/openai\/v1\/chat\/completions: sending/),
      expect.stringMatching(/^\[groq-stream\] POST \/openai\/v1\/chat\/completions: 200/),
      '[groq-stream] GROQ_LOG must be one of off, error, warn, info, debug, got "verbose"; using warn.',
    ]);
  });
});

describe('readLogLevel (GROQ_LOG)', () => {
  test('reads a level, in any case; unset is undefined', () => {
    expect(readLogLevel('debug')).toBe('debug');
    expect(readLogLevel(' INFO ')).toBe('info');
    expect(readLogLevel(undefined)).toBeUndefined();
    expect(readLogLevel('')).toBeUndefined();
  });

  test('a value of only blanks is unset, with nothing reported, as a blank GROQ_API_KEY or GROQ_BASE_URL is', () => {
    const logger = recordingLogger();
    expect(readLogLevel(' ', logger)).toBeUndefined();
    expect(readLogLevel('\t\n', logger)).toBeUndefined();
    expect(logger.lines).toEqual([]);
  });

  test('a value that is not a level is reported and ignored, as groq-sdk does', () => {
    const logger = recordingLogger();
    expect(readLogLevel('verbose', logger)).toBeUndefined();
    expect(logger.lines).toEqual(['warn: [groq-stream] GROQ_LOG must be one of off, error, warn, info, debug, got "verbose"; using warn.']);
  });
});
