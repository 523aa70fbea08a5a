import { chatRelayDefaults, type ChatRelayOptions } from './chat-relay-options.js';
import { ChatRequestError } from './errors/chat-request-error.js';
import { cutShort, excerpt } from './excerpt.js';
import { isBlankText } from './is-blank-text.js';
import { isJSONContentType } from './read-response-body.js';
import type { ChatCompletionContentPart, ChatCompletionContentPartImage } from './types/chat-completion-content-part.js';
import type { ChatCompletionMessageParam } from './types/chat-completion-message-param.js';
import type { ChatCompletionCreateParamsStreaming } from './types/chat-completion-create-params.js';

/** What the browser may send: the conversation, and a model when the server allows a choice. */
const acceptedFields = new Set(['messages', 'model']);

/** The raw request, as both relays can provide it cheaply. */
export interface ChatRequestInput {
  /** The HTTP method; anything but `POST` is refused with 405. */
  method: string;
  /** The `content-type` header, `null` when absent; it must be JSON, or the request is refused with 415. */
  contentType: string | null;
  /** The body, already bounded to `maxBodyBytes` by the caller (see {@link checkBodySize}). */
  body: string;
}

/**
 * The bytes of a request body as text: UTF-8 whatever the request says (JSON is UTF-8, RFC 8259), one
 * leading byte order mark dropped. Bytes that are not UTF-8 are refused (400, `invalid_encoding`) rather
 * than turned into U+FFFD and sent on as if the user had typed them.
 */
export function decodeRequestBody(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ChatRequestError('The request body is not valid UTF-8. Send the JSON encoded as UTF-8.', { status: 400, code: 'invalid_encoding' });
  }
}

/**
 * Throws 415 (`unsupported_encoding`) when the body is sent compressed: a `content-encoding` other than
 * `identity`, or a `transfer-encoding` with a coding other than `chunked` (`gzip, chunked`, which Node's
 * server passes on undecoded). A relay reads the body as UTF-8 JSON, and a compressed one would only fail
 * later as "not UTF-8", or be inflated past `maxBodyBytes`. Browsers never compress what they post. Call it
 * before reading the body; a body parser that already inflated it (`express.json()`) makes the check moot.
 */
export function checkContentEncoding(contentEncoding: string | null | undefined, transferEncoding?: string | null | undefined): void {
  const coding = contentEncoding?.trim() ?? '';
  const transfer = transferEncoding?.trim() ?? '';
  const compressedTransfer = transfer.split(',').some((part) => !['', 'chunked', 'identity'].includes(part.trim().toLowerCase()));
  if ((coding === '' || coding.toLowerCase() === 'identity') && !compressedTransfer) return;
  // Quoted as sent: the sender looks for what it wrote.
  const header = compressedTransfer ? `transfer-encoding: ${describe(transfer)}` : `content-encoding: ${describe(coding)}`;
  throw new ChatRequestError(`The request body must not be compressed (${header}): send the JSON as it is.`, {
    status: 415,
    code: 'unsupported_encoding',
  });
}

/** Throws 413 when a body of `byteLength` bytes is larger than the relay accepts. */
export function checkBodySize(byteLength: number, options: Pick<ChatRelayOptions, 'maxBodyBytes'>): void {
  const max = options.maxBodyBytes ?? chatRelayDefaults.maxBodyBytes;
  if (byteLength > max) {
    throw new ChatRequestError(`The request body is larger than ${max} bytes. Send a shorter conversation.`, {
      status: 413,
      code: 'body_too_large',
    });
  }
}

/**
 * How long a relay waits for the whole request body (`bodyTimeoutMs`, 0 for no limit), and the 408 it
 * answers when the body is slower: `{ ms, error }`, with `ms` undefined when there is no limit.
 */
export function bodyTimeout(options: Pick<ChatRelayOptions, 'bodyTimeoutMs'>): {
  /** Milliseconds to wait for the whole body, or `undefined` when `bodyTimeoutMs` is 0 (no limit). */
  ms: number | undefined;
  /** The 408 `request_timeout` to answer with once `ms` have passed. */
  error: () => ChatRequestError;
} {
  const ms = options.bodyTimeoutMs ?? chatRelayDefaults.bodyTimeoutMs;
  return {
    ms: ms === 0 ? undefined : ms,
    error: () =>
      new ChatRequestError(`The request body did not arrive within ${ms} ms. Send it at once, in one request.`, {
        status: 408,
        code: 'request_timeout',
      }),
  };
}

/**
 * The relay options a chat request is checked against: all but the functions, which take the relay's own
 * request type (and are not called here).
 */
type RequestRules = Omit<ChatRelayOptions, 'client' | 'prepare'>;

/**
 * Checks a browser's chat request and turns it into Groq parameters: POST, JSON, `{ messages, model? }`
 * with user and assistant messages of text (and image) content, a model from the allowlist; the server
 * sets the limits. Throws {@link ChatRequestError} (400, 405, 413, 415) saying what was wrong.
 */
export function parseChatRequest<IncomingRequest>(input: ChatRequestInput, options: ChatRelayOptions<IncomingRequest>): ChatCompletionCreateParamsStreaming {
  if (input.method !== 'POST') {
    // Quoted and cut short: `method` is any text a caller passes (a fetch `Request` takes any token as a method).
    throw new ChatRequestError(`Method ${excerpt(input.method, 40)} is not allowed; send the conversation with POST.`, { status: 405, code: 'method_not_allowed' });
  }
  // The header is the browser's and may be long: quoted back cut short, as every value it sent is.
  if (!isJSONContentType(input.contentType)) {
    const sent = input.contentType === null ? 'a body without a content type' : `content-type: ${excerpt(input.contentType, 100)}`;
    throw new ChatRequestError(`The request must be JSON (content-type: application/json), not ${sent}.`, {
      status: 415,
      code: 'unsupported_media_type',
    });
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(input.contentType ?? '')?.[1];
  // US-ASCII is a subset of UTF-8: its bytes read the same (and any other byte is refused as not UTF-8).
  if (charset !== undefined && !/^(?:utf-?8|us-ascii)$/i.test(charset)) {
    const sent = charset === '' ? 'an empty charset parameter' : `charset ${excerpt(charset, 40)}`;
    throw new ChatRequestError(`The request must be JSON in UTF-8, not ${sent}: send content-type: application/json, with no charset or charset=utf-8.`, {
      status: 415,
      code: 'unsupported_media_type',
    });
  }
  checkBodySize(new TextEncoder().encode(input.body).length, options);
  let body: unknown;
  try {
    body = JSON.parse(input.body);
  } catch (error) {
    if (input.body.trim() === '') {
      throw new ChatRequestError('The request body is empty: send the conversation as JSON, { "messages": [{ "role": "user", "content": "Hello" }] }.', { status: 400, code: 'invalid_json' });
    }
    // The parser's words quote the body around the fault, as the browser sent it: line breaks and terminal
    // escapes written as escapes, keys redacted and bounded, as every value the browser sent is when quoted back.
    const reason = cutShort(String((error as Error).message), 200);
    throw new ChatRequestError(`The request body is not valid JSON (${reason}): send the conversation as JSON, { "messages": [{ "role": "user", "content": "Hello" }] }.`, {
      status: 400,
      code: 'invalid_json',
    });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The request body must be a JSON object: { "messages": [...] }.', 'invalid_body');
  }
  for (const field of Object.keys(body)) {
    if (!acceptedFields.has(field)) {
      throw invalid(`The field ${describe(field)} is not accepted: send only "messages" and "model"; the server sets everything else.`, 'unknown_field', cutShort(field, 100));
    }
  }
  const { messages, model } = body as { messages?: unknown; model?: unknown };
  return {
    model: chooseModel(model, options),
    messages: parseMessages(messages, options),
    max_completion_tokens: options.maxCompletionTokens ?? chatRelayDefaults.maxCompletionTokens,
    stream: true,
  };
}

function chooseModel(model: unknown, options: RequestRules): string {
  const allowed = options.models ?? (options.model === undefined ? [] : [options.model]);
  const fallback = allowed[0];
  if (fallback === undefined) throw new TypeError('A chat relay needs `model` or a non-empty `models` list.');
  if (model === undefined) return fallback;
  // Only a missing field means "the default": an empty or null model is what a page sends when its model
  // picker failed or was left unset, and serving the default then would hide that mistake.
  if (model === '' || model === null) {
    throw invalid(`"model" is ${model === '' ? 'empty' : 'null'}; leave it out for the default (${fallback}), or choose one of: ${allowed.join(', ')}.`, 'model_not_allowed', 'model');
  }
  if (typeof model !== 'string') {
    throw invalid(`"model" must be a model name, not ${describe(model)}; choose one of: ${allowed.join(', ')}.`, 'model_not_allowed', 'model');
  }
  if (!allowed.includes(model)) {
    throw invalid(`The model ${describe(model)} is not available here; choose one of: ${allowed.join(', ')}.`, 'model_not_allowed', 'model');
  }
  return model;
}

function parseMessages(messages: unknown, options: RequestRules): ChatCompletionMessageParam[] {
  const maxMessages = options.maxMessages ?? chatRelayDefaults.maxMessages;
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalid('"messages" must be a non-empty array of { "role": "user" | "assistant", "content": "..." }.', 'invalid_messages', 'messages');
  }
  if (messages.length > maxMessages) {
    throw invalid(`"messages" has ${messages.length} entries; at most ${maxMessages} are accepted.`, 'too_many_messages', 'messages');
  }
  const roles = options.allowSystemMessages ? ['system', 'developer', 'user', 'assistant'] : ['user', 'assistant'];
  return messages.map((message: unknown, index) => {
    const where = `messages[${index}]`;
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      throw invalid(`${where} must be an object with "role" and "content".`, 'invalid_messages', where);
    }
    const { role, content, ...rest } = message as { role?: unknown; content?: unknown };
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw invalid(`${where} has the field ${describe(extra)}; only "role" and "content" are accepted.`, 'invalid_messages', `${where}.${cutShort(extra, 100)}`);
    if (typeof role !== 'string' || !roles.includes(role)) {
      throw invalid(`${where}.role is ${describe(role)}; it must be one of: ${roles.join(', ')}.`, 'invalid_role', `${where}.role`);
    }
    return { role, content: parseContent(content, role, `${where}.content`) } as ChatCompletionMessageParam;
  });
}

function parseContent(content: unknown, role: string, where: string): unknown {
  if (typeof content === 'string') {
    if (isBlankText(content) && role === 'user') throw invalid(`${where} is empty; say something.`, 'invalid_content', where);
    return wellFormed(content, where);
  }
  if (role !== 'user' || !Array.isArray(content) || content.length === 0) {
    throw invalid(
      role === 'user'
        ? `${where} must be a string or a non-empty array of text and image_url parts.`
        : `${where} must be a string.`,
      'invalid_content',
      where,
    );
  }
  const parts = content.map((part: unknown, index) => parsePart(part, `${where}[${index}]`));
  // Parts of blank text only are as empty as a blank string, which is refused.
  if (parts.every((part) => part.type === 'text' && isBlankText(part.text))) throw invalid(`${where} is empty; say something.`, 'invalid_content', where);
  return parts;
}


const partShapes = '{ "type": "text", "text": "..." } or { "type": "image_url", "image_url": { "url": "https://..." } }';
const imageDetails: readonly unknown[] = ['auto', 'low', 'high'] satisfies ImageDetail[];
type ImageDetail = NonNullable<ChatCompletionContentPartImage['image_url']['detail']>;

/**
 * One part of a user message's content, refused (400, `invalid_content`, `param` naming the field) when it
 * has a field it should not, as a message with an extra field is: dropped silently, a field the browser
 * relies on (`cache_control`, say) would be ignored without a word, and what is checked would depend on
 * the level it was sent at. `detail` of an image is Groq's own and goes on.
 */
function parsePart(part: unknown, at: string): ChatCompletionContentPart {
  if (typeof part !== 'object' || part === null || Array.isArray(part)) throw invalid(`${at} must be ${partShapes}.`, 'invalid_content', at);
  const { type, text, image_url: image } = part as { type?: unknown; text?: unknown; image_url?: unknown };
  const fields = type === 'text' ? ['type', 'text'] : type === 'image_url' ? ['type', 'image_url'] : undefined;
  const extra = fields && Object.keys(part).find((field) => !fields.includes(field));
  if (fields !== undefined && extra !== undefined) {
    throw invalid(`${at} has the field ${describe(extra)}; only "${fields.join('" and "')}" are accepted.`, 'invalid_content', `${at}.${cutShort(extra, 100)}`);
  }
  if (type === 'text' && typeof text === 'string') return { type, text: wellFormed(text, `${at}.text`) };
  if (type === 'image_url' && typeof image === 'object' && image !== null && !Array.isArray(image)) {
    const { url, detail, ...imageRest } = image as { url?: unknown; detail?: unknown };
    const imageExtra = Object.keys(imageRest)[0];
    if (imageExtra !== undefined) {
      throw invalid(`${at}.image_url has the field ${describe(imageExtra)}; only "url" and "detail" are accepted.`, 'invalid_content', `${at}.image_url.${cutShort(imageExtra, 100)}`);
    }
    if (detail !== undefined && !imageDetails.includes(detail)) {
      throw invalid(`${at}.image_url.detail is ${describe(detail)}; it must be one of: ${imageDetails.join(', ')}.`, 'invalid_content', `${at}.image_url.detail`);
    }
    if (typeof url === 'string' && /^(https:|data:image\/)/.test(url)) {
      const checked = wellFormed(url, `${at}.image_url.url`);
      return { type, image_url: detail === undefined ? { url: checked } : { url: checked, detail: detail as ImageDetail } };
    }
  }
  throw invalid(`${at} must be ${partShapes}.`, 'invalid_content', at);
}

// Half of a surrogate pair with no other half: valid in a JSON escape (`"\ud800"`), but no character, so
// no text. Sent on, it is written as the same escape, which a strict JSON parser upstream refuses, and the
// browser would get Groq's error instead of one that says which message to fix.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function wellFormed(text: string, where: string): string {
  if (loneSurrogate.test(text)) {
    throw invalid(`${where} holds half of a UTF-16 surrogate pair (an escape such as \\ud800 alone), which is no character: send valid Unicode text.`, 'invalid_content', where);
  }
  return text;
}

/**
 * What the browser sent, for an error message: a string quoted and cut short (excerpt: keys redacted, and its
 * controls written as escapes, as the JSON parser's words are: a right-to-left override would show the advice after
 * the quote backwards on the page), anything else by its kind. A field's name goes to `param` through `cutShort`,
 * the same without the quotes. Never `JSON.stringify` of the value itself: an array nested 30,000 deep fits in the body limit and
 * overflows the stack, which answered the browser's mistake as the server's bug (500).
 */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return excerpt(value, 100);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}

function invalid(message: string, code: string, param?: string): ChatRequestError {
  return new ChatRequestError(message, { status: 400, code, param });
}
