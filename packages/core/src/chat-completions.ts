import { APIPromise } from './api-promise.js';
import { GroqError } from './errors/groq-error.js';
import { listOfObjectsProblem, wholeChoiceFieldProblem } from './choice-field-problem.js';
import { chunkFieldProblem } from './chunk-field-problem.js';
import { readRequestOptions } from './client-option-checks.js';
import type { RequestOptions } from './client-options.js';
import type { Groq } from './groq.js';
import { isListOfObjects, isObject, isRecord } from './is-object.js';
import { readJSONResult, type ResultShape } from './read-json-result.js';
import { createAPIError } from './errors/create-api-error.js';
import { isEventStreamContentType, isJSONContentType, maxParsedErrorBodyBytes, readBoundedText, tryParseJSON, unexpectedBodyError } from './read-response-body.js';
import { requestAbortedError } from './request-aborted-error.js';
import { streamFromSSEResponse } from './stream-from-sse-response.js';
import { Stream } from './stream.js';
import { streamIdleTimeoutFor } from './stream-idle-timeout-for.js';
import type { ChatCompletion } from './types/chat-completion.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';
import type {
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from './types/chat-completion-create-params.js';

const path = '/openai/v1/chat/completions';

/** `client.chat.completions`: create chat completions, streamed or whole. */
export class ChatCompletions {
  /**
   * Made by {@link Groq}; use `client.chat.completions` rather than constructing one.
   *
   * @param client - Sends the requests, with its key and defaults.
   */
  constructor(private readonly client: Groq) {}

  /**
   * Creates a chat completion. With `stream: true` it resolves (once the response headers arrive) to a
   * {@link Stream} of chunks; otherwise to the whole {@link ChatCompletion}. The stream of `stream: true` is
   * typed with its `response`, which a stream read from a response always has (`Stream` leaves it optional
   * for streams built from an iterator); it is still a `Stream<ChatCompletionChunk>` wherever one is asked for.
   * With `stream` known only as a `boolean`, it resolves to either, the stream typed with its `response` too.
   */
  // Whole first, as in groq-sdk: an argument typed `any` (a parsed request body) then gives a ChatCompletion.
  create(params: ChatCompletionCreateParamsNonStreaming, options?: RequestOptions): APIPromise<ChatCompletion>;
  create(
    params: ChatCompletionCreateParamsStreaming,
    options?: RequestOptions,
  ): APIPromise<
    Stream<ChatCompletionChunk> & {
      /** The HTTP response the stream reads: always there on a stream from `create()`. */
      readonly response: Response;
    }
  >;
  // `stream` known only as a boolean: either of the two above, the stream typed with its response as for `true`.
  create(
    params: ChatCompletionCreateParamsBase & { stream?: boolean | null | undefined },
    options?: RequestOptions,
  ): APIPromise<
    | (Stream<ChatCompletionChunk> & {
        /** The HTTP response the stream reads: always there on a stream from `create()`. */
        readonly response: Response;
      })
    | ChatCompletion
  >;
  create(
    params: ChatCompletionCreateParamsBase & { stream?: boolean | null | undefined },
    requestOptions?: RequestOptions | null,
  ): APIPromise<Stream<ChatCompletionChunk> | ChatCompletion> {
    let options: RequestOptions;
    try {
      // Read once, for the request and its stream alike: see `readRequestOptions`.
      options = readRequestOptions(requestOptions, { method: 'POST', path: new URL(this.client.baseURL + path).pathname });
    } catch (error) {
      return new APIPromise(Promise.reject(error));
    }
    // Rejected like every other bad input, rather than thrown from reading `params.stream`.
    if (!isRecord(params)) {
      return new APIPromise(
        Promise.reject(
          new GroqError(`create() takes the request as an object, got ${params === null ? 'null' : Array.isArray(params) ? 'an array' : typeof params}.`, {
            hint: "Pass { model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hello' }], stream: true }.",
          }),
        ),
      );
    }
    const result: Promise<{ data: Stream<ChatCompletionChunk> | ChatCompletion; response: Response }> =
      params.stream === true ? this.stream(params, options) : this.whole(params, options);
    return new APIPromise(result);
  }

  private async stream(
    params: ChatCompletionCreateParamsBase,
    options: RequestOptions,
  ): Promise<{ data: Stream<ChatCompletionChunk>; response: Response }> {
    const sent = await this.client.request('POST', path, params, options, 'text/event-stream');
    const { response, controller, context } = sent;
    if (!isEventStreamContentType(response.headers.get('content-type'))) {
      // Read under the request timeout, which ends a body that never does (the read then keeps what came). A JSON
      // one whole, as an error body is (see below): a failed_generation would take it past the 64 KiB of a quote.
      const isJSON = isJSONContentType(response.headers.get('content-type'));
      const text = await readBoundedText(response, controller.signal, isJSON ? maxParsedErrorBodyBytes : undefined);
      sent.clearTimeout();
      sent.detachSignal();
      if (options.signal?.aborted) throw requestAbortedError(options.signal, context);
      // Groq's error shape under a success status (a proxy that always answers 200): the server's error, with its
      // message, code and type, as a whole answer gives it (see `readJSONResult`), not a body of the wrong kind;
      // also beside `choices`, as there.
      const data = isJSON ? tryParseJSON(text) : undefined;
      const { error } = (isRecord(data) ? data : {}) as { error?: unknown };
      if (error !== undefined && error !== null) throw createAPIError(response.status, data, response.headers, context);
      throw unexpectedBodyError('an event stream (text/event-stream)', response, text, context);
    }
    // From here on the stream's own idle limit bounds the wait, not the request timeout.
    sent.clearTimeout();
    if (options.signal?.aborted) {
      // Aborted as the headers came: no stream will read the body, nor let go of it. A fetch that ignores its
      // signal would keep the connection open (Groq generating) for as long as the answer lasts. Not awaited: a
      // body whose cancel never settles must not hold the rejection.
      void response.body?.cancel().catch(() => undefined);
      throw requestAbortedError(options.signal, context);
    }
    // The caller's signal stays tied to the request while the stream is read, and is let go when it stops,
    // so that one signal shared by many requests does not collect a listener per stream.
    const streamOptions = {
      idleTimeout: streamIdleTimeoutFor(this.client, options),
      maxEventSize: this.client.maxEventSize,
      context,
      expectedChoices: typeof params.n === 'number' && Number.isInteger(params.n) && params.n > 1 ? params.n : undefined,
    };
    const data = streamFromSSEResponse<ChatCompletionChunk>(Stream, response, controller, streamOptions, sent.detachSignal);
    return { data, response };
  }

  private async whole(params: ChatCompletionCreateParamsBase, options: RequestOptions): Promise<{ data: ChatCompletion; response: Response }> {
    const sent = await this.client.request('POST', path, params, options);
    return readJSONResult<ChatCompletion>(sent, chatCompletionShape, options.signal);
  }
}

// What the caller's `completion.choices[0].message` needs; then every typed field's JSON type, as a stream's
// chunk's are checked (a field may be absent or null; values and other fields are the server's to vary).
const chatCompletionShape: ResultShape = {
  expected: 'a chat completion (a JSON object whose choices are objects with a message)',
  matches: ({ choices }) => isListOfObjects(choices) && choices.every((choice) => isObject((choice as { message?: unknown }).message)),
  fields: {
    name: 'a chat completion',
    problem: (completion) => {
      const choices = completion.choices as object[];
      for (let position = 0; position < choices.length; position++) {
        const problem = wholeChoiceFieldProblem(choices[position]!);
        if (problem !== undefined) return { ...problem, field: `choices[${position}]${problem.field}` };
      }
      // The top-level fields a whole answer shares with a chunk: id, created, model, usage, x_groq, …
      const problem = chunkFieldProblem(completion);
      if (problem !== undefined) return problem;
      // …and the one `ChatCompletionChunk` does not type (a chunk that carries it passes it on unchecked):
      // the tools of a request's MCP servers, each one's fields passed on as they came, as an executed tool's are.
      const { mcp_list_tools: mcpListTools } = completion;
      return mcpListTools === undefined || mcpListTools === null ? undefined : listOfObjectsProblem(mcpListTools, 'mcp_list_tools', false);
    },
  },
};
