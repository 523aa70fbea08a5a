// The chat page's script: posts the conversation to /api/chat and renders the answer as it streams.
// Bundled into dist/public/chat.js by scripts/build-client.mjs.
import { fitConversation, isBlankText, Stream, type ChatCompletionChunk } from '@groq-stream/web';
import { describeChatError } from './describe-chat-error.js';
import { describeMessageTooLong } from './describe-message-too-long.js';
import { formatStats } from './format-stats.js';
import { httpError } from './http-error.js';
import { timeReads } from './time-reads.js';
import type { Message } from './message.js';

/** Said when an answer ends whole but without a word of text: the Next.js page's words (its describe-chat-error.ts). */
const emptyAnswerMessage = 'The AI service sent no text in its answer. Please try again.';

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
// How near the answer's end, in CSS pixels, the view counts as at it: a token then scrolls to the new text.
const followWithin = 32;
// How much of a message's or the error's end, in rem (two lines), stays in view when the message box is brought into
// view below it in a short window.
const keptInView = 3;
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
prompt.addEventListener('input', () => {
  updateSend();
  // Shortened enough to send: the box is no longer invalid, nor its length an error to read with it.
  if (prompt.getAttribute('aria-invalid') === 'true' && describeMessageTooLong({ role: 'user', content: prompt.value.trim() }) === undefined) showError(undefined);
});
updateSend();

async function ask(): Promise<void> {
  const text = prompt.value.trim();
  if (isBlankText(text) || running !== undefined) return;
  // A message too long to send even alone: say so, and keep it and the conversation as they are.
  const tooLong = describeMessageTooLong({ role: 'user', content: text });
  if (tooLong !== undefined) {
    showError(tooLong);
    prompt.setAttribute('aria-invalid', 'true');
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
  // Sent with the Send button, which is disabled while the answer streams: its focus would drop to the page's
  // body. The message box keeps it, as after Enter, and Tab from there reaches Stop.
  prompt.focus();
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
  const trimmed = history.length > sent.length ? 'Earlier turns were left out to fit the server’s limit.' : '';
  // The status line: the figures so far while the answer streams, as the Next.js page shows them, and as it ended.
  const status = (): string => {
    let measured = firstTokenAt === undefined ? '' : formatStats(started, firstTokenAt, lastTokenAt, completionTokens ?? pieces);
    // An answer that reached the relay's token limit stops mid-sentence: say so rather than leave it looking whole.
    if (finishReason === 'length' && !stopped) measured = [measured, 'cut short at the length limit'].filter(Boolean).join(' · ');
    return [stopped ? 'Stopped.' : '', measured, trimmed].filter(Boolean).join(' ');
  };
  // The answer's new text, and the figures, are drawn once a frame: drawn at each token, with the page measured
  // before and after to follow it, a fast model's hundreds of tokens a second came into view seconds after they arrived.
  let frame: number | undefined;
  const draw = (): void => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    frame = undefined;
    showProgress(answer, content, status());
  };
  try {
    const response = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: sent }),
      signal: controller.signal,
    });
    if (!response.ok) throw await httpError(response);
    // Each token is timed by the read that brought it, not when the loop gets to it: the tokens of one read came
    // together, however long the page takes over them.
    const timed = timeReads(response, () => performance.now());
    // The same controller: Stop aborts the fetch, which ends the stream here and the upstream on the server.
    for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(timed.response, controller, { idleTimeout })) {
      const delta = chunk.choices[0]?.delta;
      // Reasoning counts as tokens too (Groq's completion_tokens does), though only the answer is shown.
      if (delta?.content || delta?.reasoning) {
        lastTokenAt = timed.lastReadAt() ?? performance.now();
        firstTokenAt ??= lastTokenAt;
        pieces += 1;
      }
      if (delta?.content) content += delta.content;
      completionTokens = chunk.x_groq?.usage?.completion_tokens ?? chunk.usage?.completion_tokens ?? completionTokens;
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      // Until the first token the status line says it waits for it; from then on the figures change with each chunk.
      if (firstTokenAt !== undefined) frame ??= requestAnimationFrame(draw);
    }
  } catch (error) {
    // What came since the last frame is drawn before an error is shown below it.
    if (frame !== undefined) draw();
    // Stop aborts the controller, but so does the stream's own failure (an idle timeout aborts it with itself
    // as the reason, to end the fetch): only an abort for another reason is the person's Stop. Before the
    // headers, fetch rejects with the reason itself, Stop's AbortError, which is no failure either.
    if (controller.signal.aborted && (controller.signal.reason !== error || (error as { name?: unknown } | null)?.name === 'AbortError')) stopped = true;
    else {
      failed = true;
      // Only text that showed makes it an answer that stopped early: the answer is removed below without it.
      showError(describeChatError(error, content !== ''));
    }
  } finally {
    // What came since the last frame of a whole answer, before it is marked whole.
    if (frame !== undefined) draw();
    running = undefined;
    setBusy(false, answer);
  }

  if (content === '') {
    // Nothing came back: take the question back, so that sending again retries it. A whole answer without
    // text (a reasoning model that spent the token limit thinking) must say so, or the question just vanishes.
    if (!stopped && !failed) showError(emptyAnswerMessage);
    history.pop();
    answer.remove();
    conversation.lastElementChild?.remove();
    if (conversation.childElementCount === 0) conversation.append(emptyNote);
    markLastAnswer();
    giveBack(text);
  } else {
    // What showed of the answer is part of the conversation, whether it ended whole, by Stop or broken off (the
    // Next.js page's rule too): the person's next message answers what they read ("go on", "not that"), which the
    // model cannot follow without it. The model may take cut-off text for its whole answer, but the page marks it
    // incomplete and gives the question back: sent again, the model sees its own cut-off words and the question.
    history.push({ role: 'assistant', content });
  }
  if (content !== '' && failed) {
    // Measured before the mark is drawn: a view that followed the answer shows the mark's note, and the error
    // after it, rather than leave them under the message box; one scrolled up to read stays where it is.
    const following = coveredEnd(answer) <= followWithin;
    answer.dataset.incomplete = 'true';
    answer.setAttribute('aria-label', 'Assistant (incomplete)');
    giveBack(text);
    if (following) revealEnd(errorBox);
  }
  // The status line can take more lines as the answer ends ("Stopped.", the length limit; three at a phone's width),
  // which grows the message box at the window's bottom over what was just above it: the conversation's end, or
  // the error, stays in view.
  const following = coveredEnd(shownEnd()) <= followWithin;
  stats.textContent = status();
  if (following) revealEnd(shownEnd());
  prompt.focus();
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
  revealEnd(article);
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

/** Draws the answer so far and the status line's figures so far. */
function showProgress(answer: HTMLElement, text: string, figures: string): void {
  // The page follows the answer only while its end is in view when a token comes: someone who scrolled up to
  // read is left there (each token pulled them back down) until they scroll back to it or send a question.
  // Measured before either is drawn: the figures can take more lines (three at a phone's width), which grows the
  // message box over the answer's end.
  const following = coveredEnd(answer) <= followWithin;
  answer.textContent = text;
  stats.textContent = figures;
  if (following) revealEnd(answer);
}

/** Gives the question back to the message box, to send again as it is, unless something new was typed there meanwhile. */
function giveBack(text: string): void {
  if (prompt.value === '') prompt.value = text;
  updateSend();
}

/**
 * Scrolls the page so that `element`'s last line (a message's, or the error's) shows above the message box, which
 * stays at the bottom of a tall enough window (styles.css) and would cover it there: scrolled to the window's bottom
 * edge, the newest words of an answer were drawn under the box.
 *
 * In a shorter window (zoomed in: 640 × 400 CSS pixels at 200%) the box does not stay there, but comes after the
 * conversation: it is brought into view too, below `element`'s end, so that the person can type, Stop or Send
 * without scrolling (where the focus is while an answer streams); as the Next.js page scrolls to its end. Where the
 * window is too short for both (400% zoom), `element`'s last lines stay in view and the box shows as far as it fits.
 */
function revealEnd(element: HTMLElement): void {
  const covered = coveredEnd(element);
  if (covered > 0) window.scrollBy(0, covered);
  if (getComputedStyle(form).position === 'sticky') return;
  const formUnder = form.getBoundingClientRect().bottom - window.innerHeight;
  const room = element.getBoundingClientRect().bottom - keptInView * parseFloat(getComputedStyle(document.documentElement).fontSize);
  if (formUnder > 0 && room > 0) window.scrollBy(0, Math.min(formUnder, room));
}

/** How far, in CSS pixels, `element`'s end is below the message box's top or the window's bottom edge (negative: above it). */
function coveredEnd(element: HTMLElement): number {
  return element.getBoundingClientRect().bottom - Math.min(form.getBoundingClientRect().top, window.innerHeight);
}

/** Send is for a question: disabled while the message box is blank and while an answer streams. */
function updateSend(): void {
  send.disabled = running !== undefined || isBlankText(prompt.value);
}

function setBusy(busy: boolean, answer: HTMLElement): void {
  app.dataset.state = busy ? 'streaming' : 'idle';
  answer.setAttribute('aria-busy', String(busy));
  conversation.setAttribute('aria-busy', String(busy));
  // The figures change as the answer comes: they are read once, when it ends, as the answer is.
  stats.setAttribute('aria-busy', String(busy));
  updateSend();
  stop.disabled = !busy;
  if (busy) stats.textContent = 'Waiting for the first token…';
}

/** What is shown last above the message box: the error, if one is, or the conversation's last message (or its empty note). */
function shownEnd(): HTMLElement {
  return errorBox.hidden ? (conversation.lastElementChild as HTMLElement) : errorBox;
}

/**
 * Shows `message` as the error, or hides it, and with it any mark of a message too long to send (aria-invalid).
 * The error comes after the conversation, under the message box if the page is at its end: it is scrolled into
 * view above the box, where the view was at the conversation's end.
 */
function showError(message: string | undefined): void {
  const following = message !== undefined && coveredEnd(shownEnd()) <= followWithin;
  errorBox.textContent = message ?? '';
  errorBox.hidden = message === undefined;
  if (following) revealEnd(errorBox);
  if (message === undefined) prompt.removeAttribute('aria-invalid');
  // Read with the message box while shown, for whoever comes back to it after the alert.
  prompt.setAttribute('aria-describedby', message === undefined ? 'prompt-hint' : 'prompt-hint error');
}
