import { parseListenHost } from '../../../scripts/listen-host.mjs';
import { parseNumber } from '../../../scripts/number-flags.mjs';
import { parseAllowedHosts } from './create-host-guard.js';

/** What {@link start} reads from the environment, each variable checked, or its default. */
export interface DemoSettings {
  /** `PORT`, default 3000 (0: a free port). */
  port: number;
  /** `HOST`, default 127.0.0.1. */
  host: string;
  /** The host names the demo answers to besides the loopback ones: `ALLOWED_HOSTS`, then `HOST` as a Host header writes it. */
  allowedHosts: string[];
  /** `GROQ_API_KEY`, undefined when unset. */
  apiKey: string | undefined;
  /** `GROQ_BASE_URL`, undefined when unset. */
  baseURL: string | undefined;
  /** `GROQ_MODEL`, the model to ask for; undefined when unset (the demo's default, as the Next demo's). */
  model: string | undefined;
  /** `GROQ_MAX_RETRIES`, undefined when unset (the client's default). */
  maxRetries: number | undefined;
}

/**
 * `name`'s value with its surrounding blanks dropped, or undefined when it is unset or only blanks: `PORT= ` or
 * `HOST=" "` in a shell or a .env file means the default, as the node client and groq-stream's CLI read
 * GROQ_API_KEY and GROQ_BASE_URL, not a value to refuse or to pass on as it is.
 */
function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

/**
 * The demo's settings from `env`. Throws a RangeError naming the variable, its value and what it must be, for a
 * value that cannot be used (a PORT or GROQ_MAX_RETRIES that is no integer in decimal notation, as the Next demo
 * and groq-stream's CLI read numbers, an ALLOWED_HOSTS entry or a HOST that is no host name): read before anything
 * starts, so that a bad one leaves no embedded mock running.
 */
export function readDemoSettings(env: NodeJS.ProcessEnv): DemoSettings {
  const port = parseNumber(setting(env, 'PORT') ?? '3000', 'PORT', { integer: true, min: 0, max: 65_535 });
  // The guard would refuse a name it cannot match, and listen() one it cannot find, once the embedded mock had started.
  const host = parseListenHost(setting(env, 'HOST') ?? '127.0.0.1', 'HOST');
  const listened = listenedHost(host);
  // Retries of connection errors and of 408, 409, 429, 498 and 5xx answers, before the answer starts; 0 shows
  // a rate limit to the user at once.
  const retries = setting(env, 'GROQ_MAX_RETRIES');
  return {
    port,
    host,
    allowedHosts: [...parseAllowedHosts(env.ALLOWED_HOSTS), listened],
    apiKey: setting(env, 'GROQ_API_KEY'),
    baseURL: setting(env, 'GROQ_BASE_URL'),
    model: setting(env, 'GROQ_MODEL'),
    maxRetries: retries === undefined ? undefined : parseNumber(retries, 'GROQ_MAX_RETRIES', { integer: true, min: 0 }),
  };
}

/** `host` as a Host header writes it (an IPv6 address in brackets): the URL the start-up line prints must work. */
export function listenedHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
