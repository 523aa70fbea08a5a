import { describe, expect, test } from 'vitest';
import { APIUserAbortError } from './errors/api-user-abort-error.js';
import { StreamTruncatedError } from './errors/stream-truncated-error.js';
import { parseSSEStream } from './parse-sse-stream.js';
import { createTestBody } from './test/create-test-body.js';
import { eventually } from './test/eventually.js';

/** A body that gives `text`, then fails with `error`, as a reset connection or an aborted fetch does. */
function failingAfter(text: string, error: Error): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return controller.error(error);
      sent = true;
      controller.enqueue(new TextEncoder().encode(text));
    },
  });
}

async function readEvents(body: ReadableStream<Uint8Array>): Promise<{ data: string[]; error: unknown }> {
  const data: string[] = [];
  try {
    for await (const event of parseSSEStream(body, { context: { requestId: 'req_7' } })) data.push(event.data);
    return { data, error: undefined };
  } catch (error) {
    return { data, error };
  }
}

describe('parseSSEStream: a body that fails', () => {
  test('a connection that breaks is a StreamTruncatedError with its cause, after the events before it', async () => {
    const cause = new TypeError('terminated');
    const { data, error } = await readEvents(failingAfter('data: 1\n\ndata: 2', cause));
    expect(data).toEqual(['1']);
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as Error).message).toContain('broke off in the middle of the stream (terminated)');
    expect((error as Error).message).toContain('req_7');
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  test('a connection that breaks gives the events a clean end of the same bytes gives (a last one whose lines all came), then throws', async () => {
    const bytes = 'data: 1\n\ndata: 2\ndata: 3\n';
    const clean = await readEvents(new Response(bytes).body!);
    expect(clean).toEqual({ data: ['1', '2\n3'], error: undefined });
    const broken = await readEvents(failingAfter(bytes, new TypeError('terminated')));
    expect(broken.data).toEqual(clean.data);
    expect(broken.error).toBeInstanceOf(StreamTruncatedError);
    // An incomplete last line is discarded by both.
    expect((await readEvents(failingAfter('data: 1\n\ndata: 2', new TypeError('terminated')))).data).toEqual(['1']);
    expect((await readEvents(new Response('data: 1\n\ndata: 2').body!)).data).toEqual(['1']);
  });

  test('an aborted fetch is an APIUserAbortError', async () => {
    const abort = new Error('This operation was aborted');
    abort.name = 'AbortError';
    const { data, error } = await readEvents(failingAfter('data: 1\n\n', abort));
    expect(data).toEqual(['1']);
    expect(error).toBeInstanceOf(APIUserAbortError);
  });

  test("a fetch whose AbortSignal.timeout() fired is an APIUserAbortError too, with the TimeoutError as cause", async () => {
    const deadline = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const { data, error } = await readEvents(failingAfter('data: 1\n\n', deadline));
    expect(data).toEqual(['1']);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as Error).cause).toBe(deadline);
  });
});

describe('parseSSEStream: left while a next() waits for the body', () => {
  // An async generator queues return() and throw() behind the next() in progress: the body stayed open until
  // its next bytes came, for ever from a server that stalls (parseSSEStream has no idle limit).
  test.each([
    ['return()', (events: AsyncGenerator<unknown>) => events.return(undefined), { value: undefined, done: true }],
    // As on a generator that has ended: what Node's pipeline() does to a Readable.from() of it when its output closes.
    ['throw()', (events: AsyncGenerator<unknown>) => events.throw(new Error('premature close')).catch((error: Error) => error.message), 'premature close'],
  ])('%s cancels the body at once, and the waiting next() ends quietly', async (_, leave, outcome) => {
    const { body, stats } = createTestBody(['data: one\n\ndata: unfinished'], { holdOpen: true });
    const events = parseSSEStream(body);
    expect((await events.next()).value).toMatchObject({ data: 'one' });
    const waiting = events.next();
    const left = leave(events);
    await eventually(() => stats.cancelled);
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(await left).toEqual(outcome);
    expect(await events.next()).toEqual({ value: undefined, done: true });
  });
});
