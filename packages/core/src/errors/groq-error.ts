import { endsSentence } from '../as-sentence.js';
import { cutShort } from '../excerpt.js';
import { redactSecrets } from '../redact-secrets.js';
import { redactSecretsDeep } from '../redact-secrets-deep.js';
import { isRequestId } from '../request-id.js';

/** Where an error happened: the request it belongs to, as far as it is known. */
export interface ErrorRequestContext {
  /** HTTP method, e.g. `POST`. */
  method?: string | undefined;
  /** URL path of the request, e.g. `/openai/v1/chat/completions` (never the query string or host). */
  path?: string | undefined;
  /**
   * The method and path first sent, e.g. `POST /openai/v1/chat/completions`, when a redirect changed what was
   * sent (`method` and `path` are then the redirected request's: a 303 turns a `POST` into a `GET`). With
   * the origin before the path (`POST http://api.groq.com/openai/v1/chat/completions`) when the redirect
   * kept the path but changed the origin, which the path alone would not show.
   */
  redirectedFrom?: string | undefined;
  /**
   * Groq's request id (`x-request-id` header or `x_groq.id`), when the server sent one; left out of the error
   * when it does not look like one (see {@link GroqError.requestId}).
   */
  requestId?: string | undefined;
}

/** Options shared by every {@link GroqError}. */
export interface GroqErrorOptions extends ErrorRequestContext {
  /** The underlying error, kept for debugging. */
  cause?: unknown;
  /** What the caller can do about it; appended to the message. */
  hint?: string | undefined;
}

// The brand of the error class named `name`, one symbol for every copy of this package: copies of other versions
// look for the same string.
export function brandOf(name: string): symbol {
  return Symbol.for(`groq-stream.error.${name}`);
}

/**
 * Marks `errorClass` so that `instanceof` recognises its instances even when they come from another copy
 * of this package (two versions in one `node_modules`, or the node and web builds side by side), and gives
 * it a `name` that survives minification.
 */
export function brandErrorClass(errorClass: { prototype: object }, name: string): void {
  const brand = brandOf(name);
  Object.defineProperty(errorClass.prototype, brand, { value: true });
  Object.defineProperty(errorClass.prototype, 'name', { value: name, writable: true, configurable: true });
  Object.defineProperty(errorClass, brandKey, { value: brand });
}

const brandKey = Symbol.for('groq-stream.error.brand');

/**
 * The base class of every error this SDK throws. Catch it to handle all of them; narrow with `instanceof`
 * on a subclass (works across duplicate copies of the package).
 */
export class GroqError extends Error {
  static {
    brandErrorClass(this, 'GroqError');
  }

  /**
   * Groq's request id, when the server sent one that looks like one (`req_01…`, a proxy's UUID; at most 200
   * characters of letters, digits and `_.:+/=-`): quote it when you contact Groq's support.
   */
  readonly requestId: string | undefined;

  /**
   * The message reads `What happened [POST /openai/v1/chat/completions, request req_123]. What to do.`, with
   * the parts that are known (after a redirect: `[GET /v2/models, redirected from POST /openai/v1/chat/completions]`);
   * `options.cause` becomes the standard `cause`.
   *
   * @param message - What happened.
   * @param options - The request the error belongs to, the `cause` to keep, and advice to append.
   */
  constructor(message: string, options: GroqErrorOptions = {}) {
    // Messages often quote what a server or runtime said, which may echo the key: redacted here, once for all.
    const cause = options.cause === undefined ? undefined : { cause: redactSecretsDeep(options.cause) };
    // Taken from a response header, a chunk's x_groq.id or a relay's error payload, so a server could put anything
    // in it (5,000 characters, words, a key): kept, in the field and the note alike, only when it looks like an id,
    // as a header's is (requestIdFrom). A cut or escaped copy would name no request to Groq's support, and the field
    // goes where the message does (logs, a relay's error payload).
    const requestId = isRequestId(options.requestId) ? options.requestId : undefined;
    super(redactSecrets(formatMessage(message, { ...options, requestId })), cause);
    this.requestId = requestId;
  }

  /**
   * Makes `value instanceof ThisClass` check the class's brand instead of the prototype chain, so it also
   * recognises instances made by another copy of this package.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    const brand = (this as unknown as Record<symbol, symbol | undefined>)[brandKey];
    return typeof value === 'object' && value !== null && brand !== undefined && (value as Record<symbol, unknown>)[brand] === true;
  }

  /**
   * Same as `value instanceof ThisClass`: a type guard that also works across duplicate package copies.
   *
   * @typeParam T - The error class it is called on, e.g. `RateLimitError` in `RateLimitError.isInstance(error)`.
   */
  static isInstance<T extends abstract new (...args: never[]) => GroqError>(this: T, value: unknown): value is InstanceType<T> {
    return (this as unknown as typeof GroqError)[Symbol.hasInstance](value);
  }
}

const maxPathLength = 200;

/**
 * A path for the note, cut to 200 characters, its control characters written as escapes (after a redirect it is
 * the server's). Redacted before the cut, though the whole message is redacted after: the start of a key cut short
 * would be too short to be known as one.
 */
function quotedInNote(text: string): string {
  return cutShort(text, maxPathLength);
}

/** `What happened [POST /openai/v1/chat/completions, request req_123]. What to do.` */
function formatMessage(message: string, { method, path, redirectedFrom, requestId, hint }: GroqErrorOptions): string {
  // Cut short: a path holds what the caller gave (a 10 KB model ID to models.retrieve()), which the note would repeat
  // whole. A request id is one by now (checked by the constructor): short, and nothing in it to escape.
  const request = [method, path === undefined ? undefined : quotedInNote(path)].filter(Boolean).join(' ');
  const redirect = redirectedFrom === undefined || redirectedFrom === '' ? '' : `redirected from ${quotedInNote(redirectedFrom)}`;
  const context = [request, redirect, requestId === undefined ? '' : `request ${requestId}`].filter(Boolean).join(', ');
  // A message ending in white space or a line break would leave a gap or a line before the request note.
  let text = message.trimEnd();
  // The note's bracket ends no sentence, whatever the path in it ends with (`[GET /openai/v1/models/v1.]`).
  const ended = context === '' && endsSentence(text);
  if (context !== '') text += ` [${context}]`;
  if (hint !== undefined && hint !== '') text += `${ended ? '' : '.'} ${hint}`;
  return text;
}
