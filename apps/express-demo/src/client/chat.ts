// The chat page's script: posts the conversation to /api/chat and renders the answer as it streams.
// Bundled into dist/public/chat.js by scripts/build-client.mjs.
import { APIError, chatRelayDefaults, fitConversation, isBlankText, Stream, StreamIdleTimeoutError, StreamServerError, StreamTruncatedError, type ChatCompletionChunk } from '@groq-stream/web';

interface Message {
  role: 'user' | 'assistant';
  content: string;
}

/** Said when an answer ends whole but without a word of text: the Next.js page's words (its describe-chat-error.ts). */
const emptyAnswerMessage = 'The AI service sent no text in its answer. Please try again.';

/** An error to show as it is: its message is already in words a person understands. */
class ShownError extends Error {}

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`The page has no #${id}.`);
  return found as T;
};

const app = element<HTMLElement>('app');
const conversation = element<HTMLElement>('conversation');
const form = element<HTMLFormElement>('composer');
const prompt = element<HTMLTextAreaElement>('prompt');
const send = element<HTMLButtonElement>('send');
const stop = element<HTMLButtonElement>('stop');
const errorBox = element<HTMLElement>('error');
const stats = element<HTMLElement>('stats');
const emptyNote = element<HTMLElement>('empty');

const history: Message[] = [];
// Longer than the relay's own wait for Groq (its client's streamIdleTimeout, 60 s), which ends a stalled answer
// with an error event first: this only catches a connection that died without a word, which fetch would wait
// on for ever (the relay's heartbeats do not count as chunks).
const idleTimeout = 90_000;
let running: AbortController | undefined;

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void ask();
});
prompt.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});
stop.addEventListener('click', () => running?.abort());

async function ask(): Promise<void> {
  const text = prompt.value.trim();
  if (isBlankText(text) || running !== undefined) return;
  // A message too long to send even alone: say so, and keep it and the conversation as they are.
  const tooLong = describeMessageTooLong({ role: 'user', content: text });
  if (tooLong !== undefined) {
    showError(tooLong);
    prompt.focus();
    return;
  }
  showError(undefined);
  stats.textContent = '';
  history.push({ role: 'user', content: text });
  addMessage('user', text);
  prompt.value = '';
  const answer = addMessage('assistant', '');
  const controller = new AbortController();
  running = controller;
  setBusy(true, answer);

  const started = performance.now();
  let firstTokenAt: number | undefined;
  let lastTokenAt = started;
  let pieces = 0;
  let completionTokens: number | undefined;
  let finishReason: string | null | undefined;
  let content = '';
  let stopped = false;
  let failed = false;
  // The relay takes at most 100 messages and 64 KiB: a long conversation sends its latest turns only.
  const sent = fitConversation(history);
  const leftOut = history.length - sent.length;
  try {
    const response = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: sent }),
      signal: controller.signal,
    });
    if (!response.ok) throw await httpError(response);
    // The same controller: Stop aborts the fetch, which ends the stream here and the upstream on the server.
    for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(response, controller, { idleTimeout })) {
      const delta = chunk.choices[0]?.delta;
      // Reasoning counts as tokens too (Groq's completion_tokens does), though only the answer is shown.
      if (delta?.content || delta?.reasoning) {
        lastTokenAt = performance.now();
        if (firstTokenAt === undefined) stats.textContent = 'Answering…';
        firstTokenAt ??= lastTokenAt;
        pieces += 1;
      }
      if (delta?.content) {
        content += delta.content;
        setText(answer, content);
      }
      completionTokens = chunk.x_groq?.usage?.completion_tokens ?? chunk.usage?.completion_tokens ?? completionTokens;
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
    }
  } catch (error) {
    // Stop aborts the controller, but so does the stream's own failure (an idle timeout aborts it with itself
    // as the reason, to end the fetch): only an abort for another reason is the person's Stop. Before the
    // headers, fetch rejects with the reason itself, Stop's AbortError, which is no failure either.
    if (controller.signal.aborted && (controller.signal.reason !== error || (error as { name?: unknown } | null)?.name === 'AbortError')) stopped = true;
    else {
      failed = true;
      showError(describe(error));
    }
  } finally {
    running = undefined;
    setBusy(false, answer);
  }

  if (content !== '' && failed) {
    // An answer that broke off stays in view, marked, but is not sent back as context: the model would take
    // its own cut-off text for a whole answer. The question stays, so "try again" makes sense to it.
    answer.dataset.incomplete = 'true';
    answer.setAttribute('aria-label', 'Assistant (incomplete)');
  } else if (content !== '') {
    history.push({ role: 'assistant', content });
  } else {
    // Nothing came back: take the question back, so that sending again retries it. A whole answer without
    // text (a reasoning model that spent the token limit thinking) must say so, or the question just vanishes.
    if (!stopped && !failed) showError(emptyAnswerMessage);
    history.pop();
    answer.remove();
    conversation.lastElementChild?.remove();
    if (conversation.childElementCount === 0) conversation.append(emptyNote);
    markLastAnswer();
    if (prompt.value === '') prompt.value = text;
  }
  let measured = firstTokenAt === undefined ? '' : formatStats(started, firstTokenAt, lastTokenAt, completionTokens ?? pieces);
  // An answer that reached the relay's token limit stops mid-sentence: say so rather than leave it looking whole.
  if (finishReason === 'length' && !stopped) measured = [measured, 'cut short at the length limit'].filter(Boolean).join(' · ');
  const trimmed = leftOut > 0 ? 'Earlier turns were left out to fit the server’s limit.' : '';
  stats.textContent = [stopped ? 'Stopped.' : '', measured, trimmed].filter(Boolean).join(' ');
  prompt.focus();
}

/**
 * What the page says instead of sending `message` when it alone cannot fit the relay's body limit, or
 * `undefined` when it fits. The size is fitConversation's: the UTF-8 bytes of `{ messages: [message] }`.
 * fitConversation keeps such a message and drops every earlier turn, and the relay would answer 413 only
 * after the whole body is uploaded.
 */
function describeMessageTooLong(message: Message, maxBodyBytes = chatRelayDefaults.maxBodyBytes): string | undefined {
  const bytes = new TextEncoder().encode(JSON.stringify({ messages: [message] })).byteLength;
  if (bytes <= maxBodyBytes) return undefined;
  // Rounded up, so that a message just over the limit never reads as the limit itself.
  return `Your message is ${Math.ceil(bytes / 1024)} KB; the limit is ${Math.floor(maxBodyBytes / 1024)} KB. Shorten it and send again.`;
}

function formatStats(started: number, firstTokenAt: number, lastTokenAt: number, tokens: number): string {
  const ttft = Math.round(firstTokenAt - started);
  const seconds = (lastTokenAt - firstTokenAt) / 1000;
  // The Next.js page's figures: no rate before a second token (the first one starts the clock), "1 token".
  const rate = tokens > 1 && seconds > 0 ? `${((tokens - 1) / seconds).toFixed(1)} tokens/s` : '';
  return [`First token after ${ttft} ms`, rate, `${tokens} token${tokens === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
}

/** The relay's JSON error body, as far as the page reads it. */
interface RelayError {
  message?: unknown;
  type?: unknown;
  retryAfter?: unknown;
}

/** The message of a refused request, as the relay words it, with what to do. */
async function httpError(response: Response): Promise<ShownError> {
  let error: RelayError | undefined;
  try {
    error = ((await response.json()) as { error?: RelayError }).error;
  } catch {
    error = undefined;
  }
  return new ShownError(describeRefusal(response.status, error, response.headers));
}

/**
 * The relay's types for a request it sent on to Groq, whatever the status: Groq's refusal of the request
 * (`invalid_request`), its failure or no answer in time (`upstream_error`, `timeout`).
 */
const upstreamTypes = new Set(['invalid_request', 'upstream_error', 'timeout']);

/**
 * What the page says when the relay answers `status`: the same words as the Next demo's page
 * (apps/next-demo/lib/describe-chat-error.ts). "The message could not be sent" only where it was not sent on:
 * the app's own refusals (`invalid_request_error`) and refusals without the relay's words.
 */
function describeRefusal(status: number, error: RelayError | undefined, headers: Headers): string {
  const message = typeof error?.message === 'string' && error.message !== '' ? error.message : undefined;
  const type = typeof error?.type === 'string' ? error.type : undefined;
  // Groq's rate limit, as the relay passes it on (its type `rate_limit`). The app's own 429 is worded below.
  if (status === 429 && type === 'rate_limit') return `Too many requests: the AI service is busy right now. ${waitAndTryAgain(error, headers)}`;
  // The message reached the server, which could not get an answer: Groq's flex tier was full (498), or Groq
  // refused the server's own key (401, 403). Nothing the person sent was wrong.
  if (status === 498 || type === 'capacity') return `The AI service is at capacity right now. ${waitAndTryAgain(error, headers)}`;
  if (type === 'authentication') return message ?? 'The server is not authorized to use the AI service.';
  if (type !== undefined && upstreamTypes.has(type)) return message ?? `The AI service could not answer (HTTP ${status}). Please try again.`;
  // Not sent on: the app's own refusal (its type is `invalid_request_error`), or one without the relay's words.
  // A 429 that is not Groq's is the app's own limit (or a proxy's): its words, and how long to wait when it says.
  if (status === 429) return ownRateLimit(message, retryAfterSeconds(error, headers));
  if (status === 413) return `Your conversation is too long to send. ${message ?? ''}`.trim();
  if (status >= 400 && status < 500) return `The message could not be sent: ${message ?? `the server answered ${status}.`}`;
  return message ?? `The server had a problem (HTTP ${status}). Please try again.`;
}

/** "Please wait 7 seconds and try again." from the body's `retryAfter` or `retry-after`, else "a moment". */
function waitAndTryAgain(error: RelayError | undefined, headers: Headers): string {
  const wait = retryAfterSeconds(error, headers);
  return `${wait === undefined ? 'Please wait a moment' : `Please wait ${wait} second${wait === 1 ? '' : 's'}`} and try again.`;
}

/** Whole seconds from the body's `retryAfter` or `retry-after`, or `undefined` when neither gives a wait. */
function retryAfterSeconds(error: RelayError | undefined, headers: Headers): number | undefined {
  const seconds = typeof error?.retryAfter === 'number' ? error.retryAfter : Number(headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

/**
 * The app's own 429 (a limit of its own, a ChatRequestError from the relay's `prepare`): its message, which is
 * not Groq's, and the wait when the answer gave one (else its message says what to do).
 */
function ownRateLimit(message: string | undefined, seconds: number | undefined): string {
  const wait = seconds === undefined ? (message === undefined ? 'Please wait a moment and try again.' : '') : `Please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`;
  return [`The message could not be sent: ${message ?? 'too many requests.'}`, wait].filter(Boolean).join(' ');
}

/**
 * "The answer stopped early." and the relay's words for why, as a sentence (Groq's may end without a full stop,
 * "…: overloaded"), then what to do when they do not say it already ("Please retry your request." does).
 */
function stoppedEarly(serverMessage: string): string {
  const why = serverMessage.trim();
  const reason = why === '' || /[.!?…]["'”’)]*$/.test(why) ? why : `${why}.`;
  return ['The answer stopped early.', reason, /try again|\bretry\b/i.test(why) ? '' : 'Please try again.'].filter(Boolean).join(' ');
}

function describe(error: unknown): string {
  if (error instanceof ShownError) return error.message;
  // The relay's `event: error` mid-answer: its message is safe and meant for people.
  if (StreamServerError.isInstance(error)) return stoppedEarly(error.serverMessage);
  if (StreamTruncatedError.isInstance(error)) return 'The connection was lost before the answer was complete. Please try again.';
  if (StreamIdleTimeoutError.isInstance(error)) return 'The answer stalled, so the page stopped waiting for it. Please try again.';
  // A success that is no event stream (Stream.fromSSEResponse's APIError with its status): a captive portal's or a
  // proxy's page in the relay's place.
  if (APIError.isInstance(error) && error.status !== undefined && error.status >= 200 && error.status < 300) return 'The server sent something other than an answer. Please try again.';
  // fetch rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return 'Could not reach the server. Check your network connection and try again.';
  return 'Something went wrong. Please try again.';
}

function addMessage(role: Message['role'], text: string): HTMLElement {
  emptyNote.remove();
  const article = document.createElement('article');
  article.className = `message ${role}`;
  article.setAttribute('aria-label', role === 'user' ? 'You' : 'Assistant');
  article.dataset.testid = role === 'user' ? 'user-message' : 'assistant-message';
  // Each turn reads in its own text's direction: an Arabic question right to left, in a left-to-right page.
  article.dir = 'auto';
  article.textContent = text;
  conversation.append(article);
  if (role === 'assistant') markLastAnswer();
  article.scrollIntoView({ block: 'end' });
  return article;
}

/** `#answer` (and `data-testid="answer"`) is always the last assistant message. */
function markLastAnswer(): void {
  const answers = conversation.querySelectorAll<HTMLElement>('.message.assistant');
  answers.forEach((answer, index) => {
    const last = index === answers.length - 1;
    if (last) answer.id = 'answer';
    else answer.removeAttribute('id');
    answer.dataset.testid = last ? 'answer' : 'assistant-message';
  });
}

function setText(answer: HTMLElement, text: string): void {
  answer.textContent = text;
  if (answer.getBoundingClientRect().bottom > window.innerHeight) answer.scrollIntoView({ block: 'end' });
}

function setBusy(busy: boolean, answer: HTMLElement): void {
  app.dataset.state = busy ? 'streaming' : 'idle';
  answer.setAttribute('aria-busy', String(busy));
  conversation.setAttribute('aria-busy', String(busy));
  send.disabled = busy;
  stop.disabled = !busy;
  if (busy) stats.textContent = 'Waiting for the first token…';
}

function showError(message: string | undefined): void {
  errorBox.textContent = message ?? '';
  errorBox.hidden = message === undefined;
}
