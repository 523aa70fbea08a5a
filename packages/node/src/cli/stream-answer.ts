import {
  Groq,
  type ChatCompletionChunk,
  type ChatCompletionCreateParamsStreaming,
  type ChatCompletionMessageParam,
  type Stream,
} from '../index.js';
import { CliOutput } from './cli-output.js';
import { exitCodeForError, exitCodes } from './exit-codes.js';
import { formatSummary, type StreamSummary } from './format-summary.js';
import type { ChatArguments } from './parse-cli-arguments.js';
import type { CliIO } from './run-cli.js';
import { startSpinner } from './spinner.js';

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
  const client = new Groq({
    apiKey: request.apiKey,
    baseURL: request.baseURL,
    maxRetries: request.maxRetries,
    timeout: request.timeoutMs,
    streamIdleTimeout: request.timeoutMs,
  });
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
  const output = new CliOutput(io.stdout, abortStream);
  const spinner = io.isTTY ? startSpinner(io.stderr, `Waiting for ${request.model}…`) : undefined;
  const started = performance.now();
  const summary: StreamSummary = { timeToFirstTokenMs: undefined, totalMs: 0, contentChunks: 0, usage: undefined, finishReason: undefined };
  // A reasoning model thinks aloud before it answers: on a terminal that goes to stderr, dimmed, so that
  // stdout stays the answer alone (and `--json` has it in the chunks anyway).
  const showReasoning = io.isTTY && !request.json;
  let reasoningLineOpen = false;

  try {
    stream = await client.chat.completions.create(params, { signal: io.signal });
    for await (const chunk of stream) {
      // stdout may have failed before the stream existed to be aborted.
      if (output.error !== undefined) stream.controller.abort();
      const choice = chunk.choices?.[0];
      const content = choice?.delta?.content ?? '';
      if (summary.timeToFirstTokenMs === undefined && (content !== '' || (choice?.delta?.reasoning ?? '') !== '')) {
        summary.timeToFirstTokenMs = performance.now() - started;
      }
      if (content !== '') summary.contentChunks++;
      summary.usage = chunk.x_groq?.usage ?? chunk.usage ?? summary.usage;
      if (choice?.finish_reason) summary.finishReason = choice.finish_reason;
      const reasoning = choice?.delta?.reasoning ?? '';
      if (showReasoning && reasoning !== '') {
        spinner?.stop();
        io.stderr.write(`${dim}${reasoning}${undim}`);
        reasoningLineOpen = !reasoning.endsWith('\n');
      }
      if (reasoningLineOpen && content !== '') {
        io.stderr.write('\n\n');
        reasoningLineOpen = false;
      }
      const text = request.json ? `${JSON.stringify(chunk)}\n` : content;
      if (text !== '') {
        spinner?.stop();
        await output.write(text, io.signal);
      }
    }
  } catch (error) {
    spinner?.stop();
    if (reasoningLineOpen) io.stderr.write('\n');
    output.endLine();
    if (io.signal.aborted) return exitCodes.interrupted;
    if (output.closedByReader) return exitCodes.success;
    if (output.error !== undefined) return reportError(io, `cannot write the answer: ${output.error.message}`, request.apiKey, exitCodes.unexpected);
    return reportError(io, error instanceof Error ? error.message : String(error), request.apiKey, exitCodeForError(error));
  } finally {
    io.signal.removeEventListener('abort', abortStream);
  }

  spinner?.stop();
  if (reasoningLineOpen) io.stderr.write('\n');
  output.endLine();
  if (io.isTTY) {
    summary.totalMs = performance.now() - started;
    io.stderr.write(`${formatSummary(summary)}\n`);
  }
  return exitCodes.success;
}

const dim = '\u001b[2m';
const undim = '\u001b[22m';

function reportError(io: CliIO, message: string, apiKey: string, code: number): number {
  // The SDK never puts the key in a message; this makes sure nothing else does either. (A key of a few
  // characters, as used with the mock server, is no secret, and replacing it would garble the message.)
  const safe = apiKey.length >= 8 ? message.replaceAll(apiKey, '[redacted]') : message;
  io.stderr.write(`groq-stream: ${safe}\n`);
  return code;
}
