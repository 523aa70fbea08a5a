import {
  escapeControls,
  Groq,
  GroqError,
  readLogLevel,
  redactSecretsDeep,
  type ChatCompletionChunk,
  type Logger,
  type ChatCompletionCreateParamsStreaming,
  type ChatCompletionMessageParam,
  type Stream,
} from '../index.js';
import { defaultFetch } from '../default-fetch.js';
import { punctuationForTerminal } from './ascii-punctuation.js';
import { CliOutput } from './cli-output.js';
import { CliUsageError } from './cli-usage-error.js';
import { ControlEscaper } from './control-escaper.js';
import { inCliTerms } from './in-cli-terms.js';
import { saidIncomplete } from './said-incomplete.js';
import { exitCodeForError, exitCodes } from './exit-codes.js';
import { formatSummary, type StreamSummary } from './format-summary.js';
import type { ChatArguments } from './parse-cli-arguments.js';
import type { CliIO } from './run-cli.js';
import { startSpinner, type Spinner } from './spinner.js';
import { SurrogatePairJoiner } from './surrogate-pair-joiner.js';
import { terminalDrawsUnicode } from './terminal-draws-unicode.js';

/** A chat request ready to send: the parsed flags, the prompt and where to send it. */
export interface AnswerRequest extends ChatArguments {
  prompt: string;
  apiKey: string;
  baseURL: string | undefined;
}

/**
 * Streams one answer to stdout (text deltas as they arrive, or each chunk as a JSON line), with a spinner
 * until the first token and a summary at the end when stderr is a terminal. Resolves to the exit code.
 */
export async function streamAnswer(io: CliIO, request: AnswerRequest): Promise<number> {
  let client: Groq;
  // The Linux console, or a locale not UTF-8, shows the braille wheel (and `…`, `·`) as boxes or as other characters,
  // and draws no emoji, whose joiners and tags the model's text then has escaped (see ControlEscaper): one reading.
  const drawsUnicode = terminalDrawsUnicode(io.env);
  const ascii = !drawsUnicode;
  // Started once the client exists; a log line written while it turns takes its row (see stderrLogger).
  let spinner: Spinner | undefined;
  const logger = stderrLogger(punctuationForTerminal(io.env), (lines) => {
    if (spinner === undefined) io.stderr.write(lines);
    else spinner.print(lines);
  });
  try {
    client = new Groq({
      apiKey: request.apiKey,
      // `null`, not `undefined`: a blank GROQ_BASE_URL means the default, and must not be read again.
      baseURL: request.baseURL ?? null,
      maxRetries: request.maxRetries,
      timeout: request.timeoutMs,
      streamIdleTimeout: request.timeoutMs,
      // stdout is the answer alone: GROQ_LOG's lines (info and debug go to stdout with `console`) go to stderr.
      logger,
      // From the command's environment, as GROQ_API_KEY is; unset there, the default, not process.env's, which the
      // client would read for a logLevel not given.
      logLevel: readLogLevel(io.env.GROQ_LOG, logger) ?? 'warn',
      // The proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) from the command's environment too: the client's
      // own fetch reads process.env's.
      fetch: defaultFetch(io.env),
    });
  } catch (error) {
    // A key or GROQ_BASE_URL the client refuses: the environment's to fix, as a bad flag is, and said as one is.
    if (!GroqError.isInstance(error)) throw error;
    throw new CliUsageError(withoutKey(inCliTerms(error.message, request.maxRetries), request.apiKey), { cause: error });
  }
  const messages: ChatCompletionMessageParam[] = [];
  if (request.system !== undefined) messages.push({ role: 'system', content: request.system });
  messages.push({ role: 'user', content: request.prompt });
  const params: ChatCompletionCreateParamsStreaming = { model: request.model, messages, stream: true };
  if (request.maxTokens !== undefined) params.max_completion_tokens = request.maxTokens;

  let stream: Stream<ChatCompletionChunk> | undefined;
  // The request gets the signal too (it covers the wait for headers and retry backoffs); once the stream
  // exists, its own controller is what releases the connection.
  const abortStream = (): void => stream?.controller.abort();
  io.signal.addEventListener('abort', abortStream, { once: true });
  // The model's text is untrusted (a prompt injection can make it anything): on a terminal its control and
  // invisible characters are shown as escapes, not acted on or hidden (see ControlEscaper); a pipe or a file gets it
  // as it came.
  const output = new CliOutput(io.stdout, abortStream, { escapeControls: io.stdout.isTTY === true && !request.raw, drawsUnicode });
  // A dumb terminal (Emacs' shell, a serial console) shows escape codes as text: no spinner, no dimming there;
  // NO_COLOR (set and not empty, as no-color.org has it) asks for no styling, which leaves the spinner.
  const dumb = io.env.TERM === 'dumb';
  const [dim, undim] = dumb || (io.env.NO_COLOR ?? '') !== '' ? ['', ''] : dimming;
  spinner = io.isTTY && !dumb ? startSpinner(io.stderr, `Waiting for ${escapeControls(request.model)}${ascii ? '...' : '…'}`, { ascii }) : undefined;
  const started = performance.now();
  const summary: StreamSummary = { timeToFirstTokenMs: undefined, totalMs: 0, contentChunks: 0, toolCallChunks: 0, usage: undefined, finishReason: undefined };
  // A reasoning model thinks aloud before it answers: on a terminal that goes to stderr, dimmed, so that
  // stdout stays the answer alone (and `--json` has it in the chunks anyway).
  const showReasoning = io.isTTY && !request.json;
  const reasoningPairs = new SurrogatePairJoiner();
  // Shown only on a terminal, so escaped there as the answer is.
  const reasoningControls = request.raw ? undefined : new ControlEscaper({ drawsUnicode });
  const shownReasoning = (piece: string): string => reasoningControls?.next(piece) ?? piece;
  let reasoningLineOpen = false;
  /** Ends the reasoning's open line, with the half of a character it may still hold, and `separator`. */
  const endReasoning = (separator: string): void => {
    if (!reasoningLineOpen) return;
    const rest = `${shownReasoning(reasoningPairs.rest())}${reasoningControls?.rest() ?? ''}`;
    io.stderr.write(`${rest === '' ? '' : `${dim}${rest}${undim}`}${separator}`);
    reasoningLineOpen = false;
  };

  // Once a chunk came, a failure leaves the answer incomplete, and says so (see saidIncomplete).
  let midStream = false;
  try {
    stream = await client.chat.completions.create(params, { signal: io.signal });
    // The chunks as the relays pass them on, so that a key the server or a gateway echoes is never printed:
    // redacted, also when split over chunks (its start is held back until the next piece shows what it is).
    for await (const { chunk: received, frame } of stream.sseDataFrames()) {
      // stdout may have failed before the stream existed to be aborted.
      if (output.error !== undefined) stream.controller.abort();
      midStream = true;
      const chunk = printableChunk(received, frame);
      const choice = chunk.choices?.[0];
      // Text or nothing: the stream refuses a chunk whose delta.content or delta.reasoning is anything else.
      const content = choice?.delta?.content ?? '';
      const reasoning = choice?.delta?.reasoning ?? '';
      const callsTools = Array.isArray(choice?.delta?.tool_calls) && choice.delta.tool_calls.length > 0;
      // A tool call is the model's answer as text is: an answer of tool calls alone has a first token too.
      if (summary.timeToFirstTokenMs === undefined && (content !== '' || reasoning !== '' || callsTools)) {
        summary.timeToFirstTokenMs = performance.now() - started;
      }
      if (content !== '') summary.contentChunks++;
      if (callsTools) summary.toolCallChunks++;
      summary.usage = chunk.x_groq?.usage ?? chunk.usage ?? summary.usage;
      if (choice?.finish_reason) summary.finishReason = choice.finish_reason;
      if (showReasoning && reasoning !== '') {
        spinner?.stop();
        const shown = shownReasoning(reasoningPairs.next(reasoning));
        if (shown !== '') io.stderr.write(`${dim}${shown}${undim}`);
        reasoningLineOpen = !reasoning.endsWith('\n');
      }
      if (content !== '') endReasoning('\n\n');
      // Escaped by output on a terminal, as it came elsewhere (see above). A JSON line has its C0 controls escaped by
      // JSON.stringify, but not DEL, the C1 ones, the bidirectional ones, the line separators or the invisible ones: on
      // a terminal output writes those as `\u009b`, `\u202e`, a tag as `\udb40\udc41`, which JSON reads as the same
      // characters, so the line still parses to the same chunk.
      const text = request.json ? `${JSON.stringify(chunk)}\n` : content;
      if (text !== '') {
        spinner?.stop();
        await output.write(text, io.signal);
      }
    }
  } catch (error) {
    spinner?.stop();
    endReasoning('\n');
    output.endLine();
    if (io.signal.aborted) return exitCodes.interrupted;
    if (output.closedByReader) return exitCodes.success;
    if (output.error !== undefined) return reportError(io, `cannot write the answer: ${output.error.message}`, request.apiKey, exitCodes.output);
    const message = inCliTerms(error instanceof Error ? error.message : String(error), request.maxRetries);
    const requestId = GroqError.isInstance(error) ? error.requestId : undefined;
    return reportError(io, midStream ? saidIncomplete(message, requestId) : message, request.apiKey, exitCodeForError(error));
  } finally {
    io.signal.removeEventListener('abort', abortStream);
  }

  spinner?.stop();
  endReasoning('\n');
  output.endLine();
  // Only `[DONE]`, no chunk: no answer at all (Groq sends chunks for an empty one too), the server's failure.
  // Exit 0 with nothing printed read, to a user or a script, as an answer that happened to be empty.
  if (!midStream) {
    const requestId = stream?.requestId === undefined ? '' : ` (request ${stream.requestId})`;
    return reportError(io, `The server sent no answer${requestId}: its stream held no chunk, only its end ([DONE]). Retry; if it keeps happening, try another --model.`, request.apiKey, exitCodes.api);
  }
  if (io.isTTY) {
    summary.totalMs = performance.now() - started;
    // The finish reason and the usage are the server's to send, as any text.
    io.stderr.write(`${escapeControls(formatSummary(summary, { ascii }))}\n`);
  } else if (summary.finishReason === 'length') {
    // Without the summary line, an answer cut short would read as whole in a file or a pipe. Still a success (0):
    // the server did what was asked, as --max-tokens asks for it, and `set -e` scripts that set it go on.
    io.stderr.write(`groq-stream: ${truncatedNotice(request.maxTokens, summary.usage?.completion_tokens)}\n`);
  } else if (summary.contentChunks === 0 && summary.toolCallChunks > 0) {
    // Not an empty answer: calls for the caller's tools, which only --json prints (and then stdout is not empty).
    if (!request.json) io.stderr.write('groq-stream: The model answered with tool calls, not text: --json prints them.\n');
  } else if (summary.contentChunks === 0) {
    // The model's answer, and a success as the token limit's is, but nothing on stdout must not pass unremarked.
    io.stderr.write(`groq-stream: The answer is empty: the model sent no text${summary.finishReason ? ` (finish reason ${escapeControls(summary.finishReason)})` : ''}.\n`);
  }
  return exitCodes.success;
}

/**
 * The chunk read back from its relay frame (`data: <json>\n\n`), where any key is redacted. The frame leaves out
 * `x_groq.error`, the server's words that a browser must not see; the command's user may, redacted.
 */
function printableChunk(received: ChatCompletionChunk, frame: string): ChatCompletionChunk {
  const chunk = JSON.parse(frame.slice('data: '.length, -'\n\n'.length)) as ChatCompletionChunk;
  const error = received.x_groq?.error;
  if (error !== undefined && error !== null && chunk.x_groq !== undefined) chunk.x_groq.error = redactSecretsDeep(error);
  return chunk;
}

/**
 * The client's log lines on stderr, whatever their level, through `print` (the spinner's while it turns), each
 * through `shown` first: their `…` (an excerpt of a body) as `...` where the terminal would not draw it (see
 * punctuationForTerminal).
 */
function stderrLogger(shown: (line: string) => string, print: (lines: string) => void): Logger {
  // The client's lines already write a server's words escaped; this covers any line that quotes them otherwise.
  const write = (line: string): void => print(`${escapeControls(shown(line))}\n`);
  return { debug: write, info: write, warn: write, error: write };
}

/**
 * What is said of an answer that ended at the token limit (finish_reason `length`) when no summary line says it.
 * The finish reason does not say which limit: `--max-tokens`, or the model's own (the longest answer it gives, or
 * its context window, which the prompt takes part of), which may be lower. The usage's count of the answer's tokens
 * (its reasoning's included, as `max_completion_tokens` counts them) tells, when the server sent one.
 */
function truncatedNotice(maxTokens: number | undefined, completionTokens: number | undefined): string {
  if (maxTokens === undefined) return "The answer is incomplete: it stopped at the model's token limit. Ask for a shorter answer, or shorten the prompt.";
  if (completionTokens === undefined) {
    return `The answer is incomplete: it stopped at the token limit, --max-tokens ${maxTokens} or the model's own. Raise --max-tokens, ask for a shorter answer, or shorten the prompt.`;
  }
  if (completionTokens < maxTokens) {
    return `The answer is incomplete: it stopped at the model's token limit after ${completionTokens} tokens, before --max-tokens ${maxTokens}. Ask for a shorter answer, or shorten the prompt.`;
  }
  return `The answer is incomplete: it stopped at the token limit (--max-tokens ${maxTokens}). Raise --max-tokens for a longer one.`;
}

/** SGR faint on, then off: how the reasoning is set apart from the answer on a terminal. */
const dimming = ['\u001b[2m', '\u001b[22m'] as const;

function reportError(io: CliIO, message: string, apiKey: string, code: number): number {
  // A message quotes a server's words, which may hold a terminal's escape sequences (clear the screen, a hidden
  // link, a write to the clipboard) or a CR that writes over the line: written as escapes, on the message's line.
  // Its `…` (a long message cut) as `...` where the terminal would not draw it, as the spinner's.
  const shown = punctuationForTerminal(io.env)(message);
  io.stderr.write(`groq-stream: ${escapeControls(withoutKey(shown, apiKey))}\n`);
  return code;
}

/**
 * The SDK never puts the key in a message; this makes sure nothing else does either. (A key of a few
 * characters, as used with the mock server, is no secret, and replacing it would garble the message.)
 */
function withoutKey(message: string, apiKey: string): string {
  return apiKey.length >= 8 ? message.replaceAll(apiKey, '[redacted]') : message;
}
