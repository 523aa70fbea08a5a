import { redactSecretsDeep } from '@groq-stream/node';
import type { ErrorRequestHandler } from 'express';

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
  if (status >= 500) console.error('express-demo: the request failed.', redactSecretsDeep(error));
  response.status(status).set('cache-control', 'no-store').json(body);
};

function answerFor(error: unknown): { status: number; body: ErrorBody } {
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
  return {
    status: 500,
    body: { error: { message: 'The server could not handle the request. Please try again later.', type: 'server_error', code: 'internal_error' } },
  };
}
