import { redactSecretsDeep } from '@groq-stream/node';
import type { ErrorRequestHandler, RequestHandler } from 'express';

/** The body of an error answer, in the relay's shape (`{ error: { message, type, code } }`). */
interface ErrorBody {
  error: { message: string; type: 'invalid_request_error' | 'server_error'; code: string };
}

/**
 * The app's last error handler: every error that reaches Express's own (a bug in the relay's `prepare`, a
 * body parser's refusal, a route's failure) is answered as JSON in the relay's shape, never as Express's
 * HTML page, which shows the error's stack whenever `NODE_ENV` is not `production`. The words are the
 * app's own, not the error's message, which may quote internals. A server fault is logged, redacted.
 */
export const jsonErrorHandler: ErrorRequestHandler = (error: unknown, _request, response, next) => {
  // Part of an answer went out already: no status can be sent now, and Express's handler closes the connection.
  if (response.headersSent) {
    next(error);
    return;
  }
  const { status, body } = answerFor(error);
  if (status >= 500) logFault(error);
  // Set by the failing middleware for the body it meant to send (compressed, a download, a range of a file):
  // they would misdescribe this one, and a browser could not even decode it. Express's own handler drops them too.
  for (const name of otherBodyHeaders) response.removeHeader(name);
  response.status(status).set('cache-control', 'no-store').json(body);
};

/**
 * Answers a request that no route under `/api` took (`GET /api/nope`, `POST /api/chats`) with a JSON 404 in
 * the relay's shape, which a program calling the API can read, rather than Express's HTML page. Mounted on
 * `/api` only: the page and its files are served as before.
 */
export const jsonNotFoundHandler: RequestHandler = (_request, response) => {
  response.status(404).set('cache-control', 'no-store').json(notFound);
};

// Groq's own code for a URL it does not know. The path is not quoted: the words stay the app's own.
const notFound: ErrorBody = {
  error: { message: 'There is no such API endpoint. The chat relay is POST /api/chat.', type: 'invalid_request_error', code: 'unknown_url' },
};

const otherBodyHeaders = ['content-encoding', 'content-language', 'content-range', 'content-disposition', 'content-location', 'etag', 'last-modified'];

const serverFault = {
  status: 500,
  body: { error: { message: 'The server could not handle the request. Please try again later.', type: 'server_error' as const, code: 'internal_error' } },
};

function answerFor(error: unknown): { status: number; body: ErrorBody } {
  // An error that throws when read (a getter, a revoked Proxy) would make this handler fail in turn, and
  // Express would show its page with the stack after all.
  try {
    return answerForReadable(error);
  } catch {
    return serverFault;
  }
}

function logFault(error: unknown): void {
  try {
    console.error('express-demo: the request failed.', redactSecretsDeep(error));
  } catch {
    console.error('express-demo: the request failed with an error that cannot be read.');
  }
}

function answerForReadable(error: unknown): { status: number; body: ErrorBody } {
  const { status, statusCode, type } = (typeof error === 'object' && error !== null ? error : {}) as { status?: unknown; statusCode?: unknown; type?: unknown };
  const given = typeof status === 'number' ? status : statusCode;
  const refused = (code: string, message: string, at: number) => ({ status: at, body: { error: { message, type: 'invalid_request_error' as const, code } } });
  // body-parser's errors (`express.json()`), in case an app mounts one before the relay.
  if (type === 'entity.parse.failed') {
    return refused('invalid_json', 'The request body is not valid JSON. Send the conversation as JSON: { "messages": [{ "role": "user", "content": "Hello" }] }.', 400);
  }
  if (type === 'entity.too.large') return refused('body_too_large', 'The request body is too large. Send a shorter conversation.', 413);
  if (typeof given === 'number' && Number.isInteger(given) && given >= 400 && given < 500) {
    return refused('invalid_request', `The request could not be handled (HTTP ${given}). Check its URL, headers and body, and send it again.`, given);
  }
  return serverFault;
}
