import { afterEach, describe, expect, test, vi } from 'vitest';
import { Groq } from './groq.js';

/**
 * Deno 2 as the constructor sees it: a `process.env` that throws `NotCapable` on reading a variable the
 * program may not read, and `Deno.permissions.querySync` saying which ones it may.
 */
function denoWith(variables: Record<string, string>, allowed: readonly string[]): { env: Record<string, string | undefined>; reads: string[] } {
  const reads: string[] = [];
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_, name) {
      if (typeof name !== 'string') return undefined;
      reads.push(name);
      if (!allowed.includes(name)) {
        const error = new Error(`Requires env access to "${name}", run again with the --allow-env flag`);
        error.name = 'NotCapable';
        throw error;
      }
      return variables[name];
    },
  });
  vi.stubGlobal('Deno', {
    permissions: { querySync: ({ variable }: { variable: string }) => ({ state: allowed.includes(variable) ? 'granted' : 'prompt' }) },
  });
  return { env, reads };
}

/** Runs `make` with `globalThis.process` replaced by one whose `env` is `env`; nothing awaits in between. */
function withProcessEnv<T>(env: Record<string, string | undefined>, make: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'process');
  Object.defineProperty(globalThis, 'process', { value: { env }, configurable: true, writable: true });
  try {
    return make();
  } finally {
    if (saved) Object.defineProperty(globalThis, 'process', saved);
    else delete (globalThis as { process?: unknown }).process;
  }
}

describe('Groq options', () => {
  test('the key passed on its own, not in an object, is refused without quoting it, not swapped for GROQ_API_KEY', () => {
    const given = 'gsk_given_on_its_own_5a6b7c';
    const make = () => withProcessEnv({ GROQ_API_KEY: 'gsk_from_env' }, () => new Groq(given as never));
    expect(make).toThrow(/^new Groq\(\) takes an object of options, got a string\. Pass the key inside it: new Groq\(\{ apiKey \}\)\.$/);
    expect(withProcessEnv({ GROQ_API_KEY: 'gsk_from_env' }, () => new Groq(null)).apiKey).toBe('gsk_from_env');
  });

  test('each option is read once, here as in core; one that throws when read is a GroqError naming it, not its raw error', () => {
    const failure = new Error('config store down');
    for (const name of ['apiKey', 'baseURL', 'logLevel', 'logger', 'timeout']) {
      const options = Object.defineProperty({ apiKey: 'gsk_given_5a6b7c', baseURL: 'http://127.0.0.1:9' }, name, {
        enumerable: true,
        get: () => {
          throw failure;
        },
      });
      let error: unknown;
      try {
        withProcessEnv({}, () => new Groq(options as never));
      } catch (caught) {
        error = caught;
      }
      expect(error, name).toBeInstanceOf(Groq.GroqError);
      expect((error as Error).message).toMatch(new RegExp(`^${name} could not be read: it threw when read \\(config store down\\)\\. Nothing was sent\\.`));
      expect((error as Error).message).not.toContain('5a6b7c');
      expect(((error as Error).cause as Error).message).toBe('config store down');
    }
    const reads = new Map<string, number>();
    const values = { apiKey: 'gsk_given_5a6b7c', baseURL: 'http://127.0.0.1:9/first', timeout: 5_000, logLevel: 'warn', logger: console };
    const options = {};
    for (const [name, value] of Object.entries(values)) {
      Object.defineProperty(options, name, { enumerable: true, get: () => (reads.set(name, (reads.get(name) ?? 0) + 1), value) });
    }
    const client = withProcessEnv({}, () => new Groq(options as never));
    expect(Object.fromEntries(reads)).toEqual({ apiKey: 1, baseURL: 1, timeout: 1, logLevel: 1, logger: 1 });
    expect([client.baseURL, client.timeout]).toEqual(['http://127.0.0.1:9/first', 5_000]);
  });
});

describe('Groq defaults from process.env, as the README says', () => {
  test('apiKey from GROQ_API_KEY, baseURL from GROQ_BASE_URL unless blank or baseURL: null, logLevel from GROQ_LOG, else warn', () => {
    const env = { GROQ_API_KEY: 'gsk_from_env', GROQ_BASE_URL: 'http://127.0.0.1:9/', GROQ_LOG: 'debug' };
    const fromEnv = withProcessEnv(env, () => new Groq());
    expect([fromEnv.apiKey, fromEnv.baseURL, fromEnv.logLevel]).toEqual(['gsk_from_env', 'http://127.0.0.1:9', 'debug']);
    const given = withProcessEnv(env, () => new Groq({ apiKey: 'gsk_given', baseURL: 'http://127.0.0.1:8', logLevel: 'error' }));
    expect([given.apiKey, given.baseURL, given.logLevel]).toEqual(['gsk_given', 'http://127.0.0.1:8', 'error']);
    expect(withProcessEnv(env, () => new Groq({ baseURL: null })).baseURL).toBe('https://api.groq.com');
    const blank = withProcessEnv({ GROQ_API_KEY: 'gsk_from_env', GROQ_BASE_URL: '   ' }, () => new Groq());
    expect([blank.baseURL, blank.logLevel, blank.timeout, blank.maxRetries]).toEqual(['https://api.groq.com', 'warn', 60_000, 2]);
  });
});

describe('Groq on Deno, where reading a variable takes a permission', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  test('a client given apiKey and baseURL reads no variable it may not read (no --allow-env needed)', () => {
    const { env, reads } = denoWith({ GROQ_LOG: 'debug', GROQ_BASE_URL: 'http://127.0.0.1:9' }, []);
    const client = withProcessEnv(env, () => new Groq({ apiKey: 'gsk_test', baseURL: 'http://127.0.0.1:8' }));
    expect(client.baseURL).toBe('http://127.0.0.1:8');
    expect(reads).toEqual([]);
  });

  test('GROQ_BASE_URL and GROQ_LOG are read once Deno allows them', () => {
    const warn = vi.fn();
    const { env } = denoWith({ GROQ_LOG: 'loud', GROQ_BASE_URL: 'http://127.0.0.1:9' }, ['GROQ_LOG', 'GROQ_BASE_URL']);
    const client = withProcessEnv(env, () => new Groq({ apiKey: 'gsk_test', logger: { debug: warn, info: warn, warn, error: warn } }));
    expect(client.baseURL).toBe('http://127.0.0.1:9');
    // An invalid GROQ_LOG is reported: proof that it was read.
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('GROQ_LOG must be one of'));
  });

  test('an optional variable Deno does not allow is left unset, not an error', () => {
    const { env, reads } = denoWith({ GROQ_API_KEY: 'gsk_from_env', GROQ_BASE_URL: 'http://127.0.0.1:9' }, ['GROQ_API_KEY']);
    const client = withProcessEnv(env, () => new Groq());
    expect(client.baseURL).toBe('https://api.groq.com');
    expect(reads).toEqual(['GROQ_API_KEY']);
  });

  test('without apiKey, a GROQ_API_KEY Deno does not allow gives Deno own error, which says to allow it', () => {
    const { env } = denoWith({}, []);
    expect(() => withProcessEnv(env, () => new Groq({ baseURL: 'http://127.0.0.1:8' }))).toThrow(/Requires env access to "GROQ_API_KEY"/);
  });
});

describe('Groq in a browser', () => {
  test('where there is no process at all, the options given are used and nothing throws', () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'process');
    Object.defineProperty(globalThis, 'process', { value: undefined, configurable: true, writable: true });
    let client: Groq;
    try {
      client = new Groq({ apiKey: 'gsk_test', dangerouslyAllowBrowser: true });
    } finally {
      if (saved) Object.defineProperty(globalThis, 'process', saved);
      else delete (globalThis as { process?: unknown }).process;
    }
    expect(client.apiKey).toBe('gsk_test');
    expect(client.baseURL).toBe('https://api.groq.com');
  });
});
