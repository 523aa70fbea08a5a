import { describe, expect, test } from 'vitest';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { GroqError } from './errors/groq-error.js';
import { InternalServerError } from './errors/internal-server-error.js';
import { Groq } from './groq.js';
import { relayErrorOf } from './relay-error-of.js';
import { refusedStream } from './stream-from-sse-response.js';
import { Stream } from './stream.js';
import { createChunkTranscript } from './test/create-chunk-transcript.js';
import { createTestResponse } from './test/create-test-response.js';
import { encodeSSETranscript } from './test/encode-sse-transcript.js';
import { readAll } from './test/read-all.js';

/** A relay's 502 page whose body sends its first bytes, then stalls with the connection open. */
const stalledPage = () => createTestResponse(['<html>Bad gateway'], { status: 502, headers: { 'content-type': 'text/html' }, holdOpen: true });

describe('refusedStream', () => {
  test('a refused answer whose body stalls fails after idleTimeout with what came, and lets go of the body', async () => {
    // The page's body never ends and nothing aborts it: only the idle limit ends the read, and a stream
    // without one would fail the test by its own timeout.
    const { response, stats } = stalledPage();
    const controller = new AbortController();
    const { items, error } = await readAll(refusedStream(Stream, response, controller, (signal) => relayErrorOf(response, signal), 50));
    expect(items).toEqual([]);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as Error).message).toContain('<html>Bad gateway');
    expect(stats.cancelled).toBe(true);
  });

  test('an abort while the body stalls is still the user abort', async () => {
    const { response, stats } = stalledPage();
    const controller = new AbortController();
    const reading = readAll(refusedStream(Stream, response, controller, (signal) => relayErrorOf(response, signal), 60_000));
    setTimeout(() => controller.abort(), 20);
    expect((await reading).error).toBeInstanceOf(APIUserAbortError);
    expect(stats.cancelled).toBe(true);
  });

  test('an abort while the body stalls keeps its reason as the cause', async () => {
    const { response } = stalledPage();
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const reading = readAll(refusedStream(Stream, response, controller, (signal) => relayErrorOf(response, signal), 60_000));
    setTimeout(() => controller.abort(reason), 20);
    const { error } = await reading;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).message).toBe('The stream was aborted.');
    expect((error as Error).cause).toBe(reason);
  });

  test('an abort before a refused stream is read, with an idle limit, is the user abort and lets go of the body at once', async () => {
    const { response, stats } = stalledPage();
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const stream = refusedStream(Stream, response, controller, (signal) => relayErrorOf(response, signal), 60_000);
    controller.abort(reason);
    expect(stats.cancelled).toBe(true);
    // A read that waited for the idle limit (60 s) would outlast the test's own timeout.
    const { error } = await readAll(stream);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(reason);
  });

  test('after its error, a refused stream is done: a second next() ends it quietly rather than reading again', async () => {
    const { response } = createTestResponse(['{"error":{"message":"busy"}}'], { status: 503, headers: { 'content-type': 'application/json' } });
    const iterator = refusedStream(Stream, response, new AbortController(), (signal) => relayErrorOf(response, signal))[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toThrow(/busy/);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  test('leaving a refused stream before reading it aborts its request and cancels its body at once, also when a relay cancels what it re-encodes', async () => {
    const { response, stats } = stalledPage();
    const controller = new AbortController();
    const iterator = refusedStream(Stream, response, controller, (signal) => relayErrorOf(response, signal), 60_000)[Symbol.asyncIterator]();
    expect(await iterator.return?.()).toEqual({ value: undefined, done: true });
    expect(controller.signal.aborted).toBe(true);
    expect(stats.cancelled).toBe(true);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    // A relay whose browser left before the first byte: the controller is the stream's own, not the fetch's.
    const upstream = stalledPage();
    await Stream.fromSSEResponse(upstream.response).toSSEReadableStream().cancel();
    expect(upstream.stats.cancelled).toBe(true);
  });
});

describe("groq-sdk's third argument, the client", () => {
  // Its own setting, far below what the chunks need: read as options, it would fail the stream.
  const client = new Groq({ apiKey: 'gsk_test', maxEventSize: 8 });
  const chunks = createChunkTranscript({ chunks: 4, seed: 3 });

  test('Stream.fromSSEResponse(response, controller, client) ignores the client and honours the controller', async () => {
    const { items, error } = await readAll(Stream.fromSSEResponse(createTestResponse([encodeSSETranscript(chunks)]).response, new AbortController(), client));
    expect(error).toBeUndefined();
    expect(items).toEqual(chunks);

    const controller = new AbortController();
    controller.abort();
    const aborted = await readAll(Stream.fromSSEResponse(createTestResponse([encodeSSETranscript(chunks)]).response, controller, client));
    expect(aborted.error).toBeInstanceOf(APIUserAbortError);
  });

  test('Stream.fromReadableStream(body, controller, client) ignores the client too', async () => {
    const body = new Response(chunks.map((chunk) => `${JSON.stringify(chunk)}\n`).join('')).body!;
    const { items, error } = await readAll(Stream.fromReadableStream(body, new AbortController(), client));
    expect(error).toBeUndefined();
    expect(items).toEqual(chunks);
  });

  test('options that are not a client are still checked', () => {
    const body = createTestResponse([encodeSSETranscript(chunks)]).response;
    expect(() => Stream.fromSSEResponse(body, undefined, { maxEventSize: 0 })).toThrow(GroqError);
  });
});

test('every stream Stream.fromSSEResponse() gives has a response, as its type says: events, a refusal, a page, no body, and their tee() branches', () => {
  const responses = [
    createTestResponse([encodeSSETranscript(createChunkTranscript({ chunks: 2, seed: 1 }))]).response,
    createTestResponse(['{"error":{"message":"Slow down"}}'], { status: 429, headers: { 'content-type': 'application/json' } }).response,
    createTestResponse(['<html>Not found'], { headers: { 'content-type': 'text/html' } }).response,
    new Response(null),
  ];
  for (const response of responses) {
    const stream = Stream.fromSSEResponse(response);
    expect(stream.response).toBeInstanceOf(Response);
    for (const branch of stream.tee()) expect(branch.response).toBe(stream.response);
    stream.controller.abort();
  }
});
