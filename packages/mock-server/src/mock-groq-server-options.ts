import { isIP } from 'node:net';
import type { MockScenario } from './scenarios.js';
import { shorten } from './shorten.js';

/** Pace and fault settings: server-wide defaults, each overridable per request by an `x-mock-*` header. */
export interface MockBehaviorOptions {
  /** Content tokens per second; 0 (the default) streams as fast as the client reads. */
  tokensPerSecond?: number | undefined;
  /**
   * Delay before the first token, in milliseconds. Default 0. In `slow-headers` it is the delay before the
   * headers instead, where 0 (the default) means 2 s.
   */
  ttftMs?: number | undefined;
  /** Number of content tokens to send; by default the answer's natural length. */
  tokens?: number | undefined;
  /** Scenario of every request that does not send `x-mock-scenario`. Default `none`. */
  scenario?: MockScenario | undefined;
  /** A scenario applies to the first `failTimes` requests that ask for it, then requests succeed. Default: always. */
  failTimes?: number | undefined;
}

/** Options of {@link createMockGroqServer}. */
export interface MockGroqServerOptions extends MockBehaviorOptions {
  /** Port to listen on, from 0 to 65535; 0 (the default) picks a free port. */
  port?: number | undefined;
  /** Host to listen on. Default `127.0.0.1`. */
  host?: string | undefined;
  /** Answer 404 `model_not_found` for models not in {@link mockModels}. Default false: any model name works. */
  knownModelsOnly?: boolean | undefined;
  /**
   * The only API keys accepted: any other gets 401 `invalid_api_key`, as Groq answers a wrong key. Default:
   * any non-empty key.
   */
  apiKeys?: readonly string[] | undefined;
  /** How many requests {@link MockGroqServer.requests} keeps (the newest). Default 100. */
  maxRecordedRequests?: number | undefined;
}

/** The settings that apply to one request, once options and headers are merged. */
export interface RequestSettings {
  scenario: MockScenario;
  failTimes: number | undefined;
  tokensPerSecond: number;
  ttftMs: number;
  tokens: number | undefined;
}

/**
 * How a setting given as a string is read: `any` as `Number()` reads it (options, which are numbers unless cast),
 * `decimal` in decimal notation only (flags and `x-mock-*` headers, as `groq-stream`'s own flags take them), so
 * that `0x10`, `1e3` or `0b1` are refused rather than read as 16, 1000 or 1.
 */
export type NumberNotation = 'any' | 'decimal';

/**
 * Reads a count or a rate from an option, a flag or a header.
 *
 * @throws RangeError naming the setting when the value is not a finite number (or integer) of at least 0, in the
 * words of `groq-stream`'s own flags: `--fail-times must be an integer of at least 0, got "-2".`
 */
export function parseNonNegative(value: unknown, name: string, integer: boolean, notation: NumberNotation = 'any'): number {
  const number = numberOf(value, notation);
  // A flag's count past 2^53 - 1 is refused, as groq-stream's flags refuse it: it no longer reads as the digits given.
  const isCount = notation === 'decimal' ? Number.isSafeInteger : Number.isInteger;
  if (!Number.isFinite(number) || number < 0 || (integer && !isCount(number))) {
    throw new RangeError(`${name} must be ${integer ? 'an integer' : 'a number'} of at least 0, got ${describeValue(value)}.`);
  }
  return number;
}

// Anything but a number or a string (`port: true`, from JavaScript or a cast) is no count either: it failed
// with JavaScript's own "value.trim is not a function", which names no option.
function numberOf(value: unknown, notation: NumberNotation): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return Number.NaN;
  // The same pattern as groq-stream's own flags: digits with an optional sign, point and fraction, nothing else.
  const readable = notation === 'decimal' ? /^\s*-?(?:\d+\.?\d*|\.\d+)\s*$/.test(value) : value.trim() !== '';
  return readable ? Number(value) : Number.NaN;
}

/** Most content tokens one answer may have: ten million take some 330 MB; a hundred million, more than the heap. */
export const MAX_TOKENS = 10_000_000;

/**
 * Reads a number of content tokens (`tokens`, `--tokens`, `x-mock-tokens`).
 *
 * @throws RangeError naming the setting when the value is not an integer from 0 to {@link MAX_TOKENS}.
 */
export function parseTokenCount(value: unknown, name: string, notation: NumberNotation = 'any'): number {
  return parseIntegerUpTo(value, name, MAX_TOKENS, notation);
}

/**
 * An integer setting from 0 to `max`, else a RangeError naming `name` and the whole range: one message,
 * whether the value is no integer, below 0 or above `max`.
 */
function parseIntegerUpTo(value: unknown, name: string, max: number, notation: NumberNotation): number {
  const number = numberOf(value, notation);
  if (!Number.isInteger(number) || number < 0 || number > max) {
    throw new RangeError(`${name} must be an integer from 0 to ${max}, got ${describeValue(value)}.`);
  }
  return number;
}

/** The highest TCP port. */
const MAX_PORT = 65_535;

/**
 * Reads a port to listen on (`port`, `--port`).
 *
 * @throws RangeError naming the setting when the value is not an integer from 0 to 65535: Node's own error
 * for a port out of range does not say which option or flag held it.
 */
export function parsePort(value: unknown, name: string, notation: NumberNotation = 'any'): number {
  return parseIntegerUpTo(value, name, MAX_PORT, notation);
}

/**
 * Reads the keys the server accepts (`apiKeys`, `--api-key`): a non-empty list of non-empty keys without spaces.
 *
 * @throws RangeError naming the setting, without quoting the keys.
 */
export function parseApiKeys(keys: unknown, name: string): readonly string[] {
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((key) => typeof key === 'string' && /^\S+$/.test(key))) {
    throw new RangeError(`${name} must be a non-empty list of keys without spaces.`);
  }
  return keys as string[];
}

/** A host name: dot-separated labels of letters, digits and inner hyphens (RFC 1123), such as `localhost`. */
const hostName = /^(?=.{1,253}$)[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)*\.?$/i;

/**
 * Reads the host to listen on (`host`, `--host`): an IP address (IPv6 without brackets) or a host name.
 *
 * @throws RangeError naming the setting for anything else: a URL or `host:port` failed in Node as
 * `getaddrinfo ENOTFOUND`, which names no option, a number failed with a TypeError of the server's own
 * code, and an empty string listened on every interface.
 */
export function parseHost(value: unknown, name: string): string {
  if (typeof value === 'string' && (isIP(value) !== 0 || hostName.test(value))) return value;
  throw new RangeError(`${name} must be an IP address (::1 without brackets) or a host name such as 127.0.0.1 or localhost, got ${describeValue(value)}.`);
}

/**
 * Reads a yes-or-no option such as `knownModelsOnly`.
 *
 * @throws RangeError naming the setting when the value is not a boolean: the string "false" would turn it on.
 */
export function parseBoolean(value: unknown, name: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new RangeError(`${name} must be true or false, got ${describeValue(value)}.`);
}

/** A value for a message: a string quoted and cut short (saying how long it was), anything else by its kind. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(shorten(value, 100));
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean' || value === null) return String(value);
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}
