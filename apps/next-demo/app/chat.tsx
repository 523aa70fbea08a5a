'use client';

import { isBlankText } from '@groq-stream/web';
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { describeChatError, emptyAnswerMessage } from '../lib/describe-chat-error';
import { describeMessageTooLong } from '../lib/describe-message-too-long';
import { formatStats } from '../lib/format-stats';
import { streamChat, type ChatMessage, type ChatStats } from '../lib/stream-chat';

/** Which route handler answers: the Node.js one or the edge one. */
export type ChatRuntime = 'nodejs' | 'edge';

const endpoints: Record<ChatRuntime, string> = { nodejs: '/api/chat', edge: '/api/chat/edge' };

/** How near the conversation's end, in CSS pixels, its view counts as at it: a token then scrolls to the new text. */
const followWithin = 32;

/** A turn as the page shows it: an answer that broke off is marked incomplete. */
type ShownMessage = ChatMessage & { incomplete?: true };

/**
 * The chat: a conversation, a prompt (Enter sends, Shift+Enter adds a line), Stop, errors in plain words,
 * and the time to the first token and tokens per second. Element ids match the Express demo's page
 * (`#prompt`, `#send`, `#stop`, `#answer` for the latest answer, `#error`, `#stats`) so one browser test
 * drives both.
 */
export function Chat({ initialRuntime }: { initialRuntime: ChatRuntime }) {
  const [messages, setMessages] = useState<ShownMessage[]>([]);
  const [prompt, setPrompt] = useState('');
  const [runtime, setRuntime] = useState<ChatRuntime>(initialRuntime);
  const [streaming, setStreaming] = useState(false);
  const [stopped, setStopped] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // The message in the box is too long to send (the error says so): the box is marked invalid until it fits.
  const [tooLong, setTooLong] = useState(false);
  const [stats, setStats] = useState<ChatStats | undefined>();
  // The answer in progress, if any. Set at once, unlike `streaming`, which changes on the next render: it is
  // what keeps a second Enter in the same task from sending the question again.
  const controller = useRef<AbortController | undefined>(undefined);
  const promptField = useRef<HTMLTextAreaElement>(null);
  const conversationView = useRef<HTMLDivElement>(null);
  // Whether the view follows the conversation's end: it does while it is at the end when a token comes, so that
  // someone who scrolled up to read is left there (each token pulled them back down) until they scroll back to
  // it or send a question.
  const following = useRef(true);
  const chatView = useRef<HTMLElement>(null);
  // A question was just sent: it brings the page's end (the message box) into view too, in a window too short
  // for the whole page (globals.css), wherever the page had been scrolled to.
  const revealPageEnd = useRef(false);

  // Leaving the page stops the answer, which releases the upstream stream.
  useEffect(() => () => controller.current?.abort(), []);

  // Keep the newest text in view as it arrives, while following; before it is drawn, so that it never jumps.
  useLayoutEffect(() => {
    const view = conversationView.current;
    if (view && following.current) view.scrollTop = view.scrollHeight;
    if (revealPageEnd.current) {
      revealPageEnd.current = false;
      scrollPageToEnd();
    }
  }, [messages]);

  // What shows below the conversation box (an error, a status line of more lines) takes its height from the box,
  // or, in a window too short for the whole page, where the box has its least height, adds to the page's. Either
  // keeps its end in view while it was at its end, and stays put if scrolled up to read, as for a token.
  useEffect(() => {
    const view = conversationView.current;
    const chat = chatView.current;
    if (view === null || chat === null) return;
    let viewHeight = view.clientHeight;
    let chatHeight = chat.offsetHeight;
    const observer = new ResizeObserver(() => {
      const shrunk = viewHeight - view.clientHeight;
      viewHeight = view.clientHeight;
      if (shrunk > 0 && view.scrollHeight - view.scrollTop - view.clientHeight - shrunk <= followWithin) view.scrollTop = view.scrollHeight;
      const grown = chat.offsetHeight - chatHeight;
      chatHeight = chat.offsetHeight;
      const pageHeightBefore = Math.max(window.innerHeight, document.documentElement.scrollHeight - grown);
      if (grown > 0 && pageHeightBefore - window.scrollY - window.innerHeight <= followWithin) scrollPageToEnd();
    });
    observer.observe(view);
    observer.observe(chat);
    return () => observer.disconnect();
  }, []);

  /** Whether the conversation box is at its end, as the person last saw it: what the next change to it follows. */
  function atEnd(): boolean {
    const view = conversationView.current;
    return view === null || view.scrollHeight - view.scrollTop - view.clientHeight <= followWithin;
  }

  function chooseRuntime(next: ChatRuntime): void {
    setRuntime(next);
    const url = new URL(window.location.href);
    if (next === 'edge') url.searchParams.set('runtime', 'edge');
    else url.searchParams.delete('runtime');
    window.history.replaceState(null, '', url);
  }

  /** Gives the question back to the prompt, unless the person has typed something new there meanwhile (as the Express page does). */
  function giveBack(text: string): void {
    setPrompt((draft) => (draft === '' ? text : draft));
  }

  async function send(event?: FormEvent): Promise<void> {
    event?.preventDefault();
    const text = prompt.trim();
    if (isBlankText(text) || controller.current !== undefined) return;
    // A message too long to send even alone: say so, and keep it and the conversation as they are.
    const tooLongError = describeMessageTooLong({ role: 'user', content: text });
    if (tooLongError !== undefined) {
      setError(tooLongError);
      setTooLong(true);
      promptField.current?.focus();
      return;
    }
    const conversation: ShownMessage[] = [...messages, { role: 'user', content: text }];
    const current = new AbortController();
    controller.current = current;
    // Sent with the Send button, which is disabled while the answer streams: its focus would drop to the page's
    // body. The message box keeps it, as after Enter, and Tab from there reaches Stop.
    promptField.current?.focus();
    // A question brings the view to the end, wherever the person had scrolled to.
    following.current = true;
    revealPageEnd.current = true;
    let answer = '';
    setMessages([...conversation, { role: 'assistant', content: '' }]);
    setPrompt('');
    setError(undefined);
    setTooLong(false);
    setStats(undefined);
    setStopped(false);
    setStreaming(true);
    try {
      await streamChat({
        endpoint: endpoints[runtime],
        // What showed of each answer is part of the conversation, whether it ended whole, by Stop or broken off (the
        // Express page's rule too): the person's next message answers what they read ("go on", "not that"), which
        // the model cannot follow without it. The model may take cut-off text for its whole answer, but the page
        // marks it incomplete and gives the question back: sent again, the model sees its own cut-off words and
        // the question.
        messages: conversation.map(({ role, content }) => ({ role, content })),
        controller: current,
        onText: (piece) => {
          // Measured before the new text is drawn: is the view at the end the person last saw?
          following.current = atEnd();
          answer += piece;
          const latest = answer;
          setMessages((shown) => [...shown.slice(0, -1), { role: 'assistant', content: latest }]);
        },
        onStats: setStats,
      });
      if (answer === '') {
        // A whole answer without text: an empty bubble says nothing, and sent back as context it is a turn the
        // model never took. Take the turn out and give the prompt back, as when nothing came back.
        setMessages(messages);
        giveBack(text);
        setError(emptyAnswerMessage);
      }
    } catch (caught) {
      // Stop aborts the controller, but so does the stream's own failure (an idle timeout aborts it with itself
      // as the reason, to end the fetch): only an abort for another reason is the person's Stop.
      const failed = !current.signal.aborted || current.signal.reason === caught;
      // Only text that showed makes it an answer that stopped early: the turn is taken out below without it.
      setError(failed ? describeChatError(caught, answer !== '') : undefined);
      if (failed && answer !== '') {
        // The mark's note is followed as a token is: shown if the view is at the end, else left where it is.
        following.current = atEnd();
        const shown = answer;
        setMessages((turns) => [...turns.slice(0, -1), { role: 'assistant', content: shown, incomplete: true }]);
        giveBack(text);
      }
      if (answer === '') {
        // Nothing came back: take the turn out of the conversation and give the prompt back to retry.
        setMessages(messages);
        giveBack(text);
      }
    } finally {
      controller.current = undefined;
      setStreaming(false);
      promptField.current?.focus();
    }
  }

  function stop(): void {
    setStopped(true);
    controller.current?.abort();
  }

  function edit(text: string): void {
    setPrompt(text);
    // Shortened enough to send: the box is no longer invalid, nor its length an error to read with it.
    if (tooLong && describeMessageTooLong({ role: 'user', content: text.trim() }) === undefined) {
      setTooLong(false);
      setError(undefined);
    }
  }

  function onPromptKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  const lastAssistant = messages.findLastIndex((message) => message.role === 'assistant');

  return (
    <section ref={chatView} className="chat" aria-label="Chat">
      <fieldset className="runtime">
        <legend>Route handler runtime</legend>
        {(['nodejs', 'edge'] as const).map((option) => (
          <label key={option}>
            <input
              type="radio"
              name="runtime"
              id={`runtime-${option}`}
              value={option}
              checked={runtime === option}
              disabled={streaming}
              onChange={() => chooseRuntime(option)}
            />{' '}
            {option === 'nodejs' ? 'Node.js' : 'Edge'} <code>{endpoints[option]}</code>
          </label>
        ))}
      </fieldset>

      <div ref={conversationView} className="conversation" role="log" aria-live="polite" aria-busy={streaming} aria-label="Conversation">
        {messages.length === 0 ? <p className="empty">Ask something to start the conversation.</p> : null}
        {messages.map((message, index) => (
          <article
            key={index}
            className={`message ${message.role}`}
            // Each turn reads in its own text's direction: an Arabic question right to left, in a left-to-right page.
            dir="auto"
            id={index === lastAssistant ? 'answer' : undefined}
            aria-label={message.role === 'user' ? 'You' : message.incomplete ? 'Assistant (incomplete)' : 'Assistant'}
            data-incomplete={message.incomplete ? 'true' : undefined}
          >
            {message.content}
            {index === lastAssistant && streaming ? <span className="cursor" aria-hidden="true" /> : null}
          </article>
        ))}
      </div>

      <p id="error" role="alert" className="error" hidden={error === undefined}>
        {error}
      </p>
      {/* A status, so that Stopped, a cut-short answer and left-out turns are said; the figures change at each
          token, so it is busy until the answer ends and read once then, as the conversation is. */}
      <p id="stats" className="stats" role="status" aria-busy={streaming}>
        {formatStats(stats, streaming, stopped)}
      </p>

      <form className="composer" onSubmit={send}>
        <div className="composer-heading">
          <label htmlFor="prompt">Your message</label>
          {/* In words that stay and are read with the box: a placeholder goes at the first letter typed. */}
          <span id="prompt-hint" className="hint">
            Enter to send, Shift+Enter for a new line
          </span>
        </div>
        <textarea
          id="prompt"
          ref={promptField}
          dir="auto"
          rows={2}
          value={prompt}
          placeholder="Ask anything"
          onChange={(event) => edit(event.target.value)}
          onKeyDown={onPromptKeyDown}
          // The error is read with the message box while shown, for whoever comes back to it after the alert.
          aria-describedby={error === undefined ? 'prompt-hint' : 'prompt-hint error'}
          aria-invalid={tooLong ? true : undefined}
          autoFocus
        />
        <div className="buttons">
          <button id="send" type="submit" disabled={streaming || isBlankText(prompt)}>
            Send
          </button>
          <button id="stop" type="button" onClick={stop} disabled={!streaming}>
            Stop
          </button>
        </div>
      </form>
    </section>
  );
}

/** Scrolls the window to the page's end: the message box's, in a window too short to show the whole page. */
function scrollPageToEnd(): void {
  window.scrollTo(0, document.documentElement.scrollHeight);
}
