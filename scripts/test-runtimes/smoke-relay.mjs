// Bun and Deno as the server: `createChatRouteHandler` from the built @groq-stream/web, served by
// `Bun.serve` or `Deno.serve` on 127.0.0.1, relays to the mock. This script is also the browser:
//   1. it posts a conversation and reads the whole answer (`data: [DONE]` last, every chunk parses);
//   2. it posts again for a paced answer, leaves after the first chunk (aborts its fetch), and waits
//      for the mock to count that upstream stream as aborted, not completed: the runtime must have told
//      the relay (`request.signal` or a cancelled body), and the relay must have released Groq;
//   3. over a raw socket, it uploads a chunked body past maxBodyBytes (64 KiB) and goes on sending after the
//      413 (2 MiB more, far inside the bounds of the relay's background read of the rest): the 413 and its
//      JSON must arrive, and while the upload still goes on another post must get its whole answer;
//   4. over a raw socket, it posts 4 MiB with a content-length past maxBodyBytes, all of it before it reads
//      (as Python's http.client does; more than the connection's buffers hold): the 413, refused before the
//      body is read, must arrive whole, and a post after it must get its whole answer.
// Unhandled rejections are caught and reported, as the server's own errors are, so the row names them.
// The mock's counters are read over HTTP (`/__mock/stats`); rows run one at a time, so the differences
// are this script's. Waits are bounded in seconds, never timed: a loaded CI machine is slow, not wrong.
// usage: bun smoke-relay.mjs <mockURL> | deno run ... smoke-relay.mjs <mockURL>
import { createChatRouteHandler, Groq, Stream, APIUserAbortError } from '../../packages/web/dist/index.js';
import { connect } from 'node:net';
import { waitFor } from './smoke-lib.mjs';

const [mockURL] = globalThis.Deno ? Deno.args : process.argv.slice(2);
const runtime = globalThis.Deno ? `deno ${Deno.version.deno}` : `bun ${Bun.version}`;
const model = 'llama-3.1-8b-instant';
// 200 tokens at 20 a second: the paced answer runs 10 s, far beyond the wait for its abort below, so a
// relay that never lets go shows as "completed" or "still running", never as a pass.
const pace = { 'x-mock-tokens-per-second': '20', 'x-mock-tokens': '200' };
const ABORT_WAIT_MS = 6_000;

const stats = async () => (await fetch(`${mockURL}/__mock/stats`)).json();

// What the app would write: one client with the key; here a request that asks for it (a header only this
// test sends) gets a copy that asks the mock for a paced answer.
const client = new Groq({ apiKey: 'test', baseURL: mockURL, maxRetries: 0, timeout: 20_000 });
const pacedClient = client.withOptions({ defaultHeaders: pace });
const handler = createChatRouteHandler({
  client: (request) => (request.headers.get('x-smoke-paced') === '1' ? pacedClient : client),
  model,
});

// Where the relay's own errors go: shown in the row's detail when it fails. A rejection nobody handled (the
// background read of a refused body's rest, say) would end the process with no word of where: caught here instead.
const serverErrors = [];
let failure; // this script's own, rethrown at the top level: Deno reports it as an unhandled rejection too
const unhandled = (reason) => serverErrors.push(`unhandled rejection: ${reason?.stack ?? reason}`);
if (globalThis.Deno) {
  globalThis.addEventListener('unhandledrejection', (event) => {
    if (event.reason === failure) return;
    event.preventDefault();
    unhandled(event.reason);
  });
} else {
  process.on('unhandledRejection', unhandled);
}
let server;
let origin;
if (globalThis.Deno) {
  const listening = Promise.withResolvers();
  server = Deno.serve(
    { hostname: '127.0.0.1', port: 0, onListen: (address) => listening.resolve(address), onError: (error) => (serverErrors.push(String(error)), new Response('relay error', { status: 500 })) },
    handler,
  );
  const { port } = await listening.promise;
  origin = `http://127.0.0.1:${port}`;
} else {
  server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: handler, error: (error) => (serverErrors.push(String(error)), new Response('relay error', { status: 500 })) });
  origin = `http://127.0.0.1:${server.port}`;
}
const stopServer = () => (globalThis.Deno ? server.shutdown() : server.stop(true));

/** A browser's post to the relay. */
const post = (content, { headers = {}, signal } = {}) =>
  fetch(`${origin}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content }] }),
    signal,
  });

/** A whole answer from the relay, as bytes; throws unless it is a 200 that ends with `data: [DONE]`. */
async function wholeAnswer(what) {
  const response = await post(`Hello from a relay smoke test (${what})`);
  const wire = await response.text();
  if (response.status !== 200 || !wire.trimEnd().endsWith('data: [DONE]')) throw new Error(`${what}: the relay answered ${response.status}: ${JSON.stringify(wire.slice(-200))}`);
}

/**
 * A raw connection posts a chunked body larger than maxBodyBytes and goes on sending 16 KiB pieces, and goes on
 * after the answer: 128 more (2 MiB). The relay reads and drops that rest in the background (within 16 MiB and
 * bodyTimeoutMs, which this stays inside), so the 413 must come whole while the client still sends, and a post
 * made meanwhile must get its whole answer. Returns the 413's code and how many pieces were sent after it.
 */
async function refusedUpload() {
  const { socket, received, broken, closed, answered } = rawConnection();
  const chunk = (text) => `${text.length.toString(16)}\r\n${text}\r\n`;
  const piece = chunk('x'.repeat(16 * 1024));
  socket.write(
    `POST /api/chat HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n${chunk(`{"messages":[{"role":"user","content":"${'x'.repeat(70 * 1024)}`)}`,
  );
  let sent = 0;
  let afterAnswer = 0;
  let next;
  try {
    // Bounded: an answer that never comes ends the upload after 16 MiB, where the relay stops reading anyway.
    while (afterAnswer < 128 && sent < 1024 && !closed() && broken() === undefined) {
      if (answered() && afterAnswer++ === 0) {
        next = wholeAnswer('a post while a refused upload is still sent');
        next.catch(() => undefined); // awaited below: not an unhandled rejection meanwhile
      }
      if (!socket.write(piece)) await drained(socket);
      sent++;
    }
    if (!answered()) await waitFor(async () => answered() || closed(), Boolean, 5_000);
  } finally {
    socket.destroy();
  }
  const { status, code, ending } = refusal(received(), broken(), closed());
  if (status !== '413' || code !== 'body_too_large') {
    throw new Error(`refused upload: expected a 413 with code body_too_large while the upload went on, got ${JSON.stringify(received().slice(0, 300))} after ${sent} pieces of 16 KiB${ending}`);
  }
  await (next ?? wholeAnswer('a post after a refused upload'));
  return { status: Number(status), code, piecesAfterAnswer: afterAnswer };
}

/**
 * A raw connection posts 4 MiB with its content-length (past maxBodyBytes), the whole body before it reads the
 * answer, as Python's http.client does: the relay refuses it by its length, before reading it, and reads and drops
 * it in the background (within 16 MiB and bodyTimeoutMs). The 413 and its JSON must then be there to read, and a
 * post after it must get its whole answer. Returns the 413's code and how many bytes went out before reading.
 */
async function refusedByLength() {
  const size = 4 * 1024 * 1024;
  const { socket, received, broken, closed, answered } = rawConnection();
  socket.write(`POST /api/chat HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${size}\r\n\r\n`);
  const piece = 'x'.repeat(64 * 1024);
  let sent = 0;
  try {
    while (sent < size && !closed() && broken() === undefined) {
      if (!socket.write(piece)) await drained(socket);
      sent += piece.length;
    }
    await waitFor(async () => answered() || closed(), Boolean, 5_000);
  } finally {
    socket.destroy();
  }
  const { status, code, ending } = refusal(received(), broken(), closed());
  if (status !== '413' || code !== 'body_too_large') {
    throw new Error(
      `upload refused by its content-length: expected a 413 with code body_too_large once the body was sent, got ${JSON.stringify(received().slice(0, 300))} after ${sent} of ${size} bytes${ending}`,
    );
  }
  await wholeAnswer('a post after an upload refused by its content-length');
  return { status: Number(status), code, sentBeforeReading: sent };
}

/**
 * A raw connection to the relay, for uploads that fetch cannot make (a body sent whole before reading): what it
 * received, how it failed or whether it closed, and whether a whole JSON answer has come.
 */
function rawConnection() {
  const socket = connect(Number(new URL(origin).port), '127.0.0.1');
  let received = '';
  let broken;
  let closed = false;
  socket.on('data', (data) => (received += data));
  socket.on('error', (error) => (broken = error));
  socket.on('close', () => (closed = true));
  return {
    socket,
    received: () => received,
    broken: () => broken,
    closed: () => closed,
    answered: () => /\r\n\r\n[\s\S]*\}\}$/.test(received),
  };
}

/** A raw answer's status, its JSON error code, and how its connection ended, for a refusal's message. */
function refusal(received, broken, closed) {
  const status = /^HTTP\/1\.1 (\d+)/.exec(received)?.[1];
  let code;
  try {
    code = JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4)).error?.code;
  } catch {}
  const ending = broken ? ` (the connection failed: ${broken.message})` : closed ? ' (the connection closed)' : '';
  return { status, code, ending };
}

/** Resolves once a socket whose buffer is full can take more, or has closed; leaves no listener behind. */
function drained(socket) {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done).off('close', done);
      resolve();
    };
    socket.on('drain', done).on('close', done);
  });
}

try {
  // 1. A whole answer, read as bytes, then parsed as a browser would.
  const before = await stats();
  const response = await post('Hello from a relay smoke test');
  if (response.status !== 200) throw new Error(`whole answer: the relay answered ${response.status}: ${await response.text()}`);
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) throw new Error(`whole answer: content-type ${response.headers.get('content-type')}`);
  const wire = await response.text();
  if (!wire.trimEnd().endsWith('data: [DONE]')) throw new Error(`whole answer: the body does not end with data: [DONE]: ${JSON.stringify(wire.slice(-120))}`);
  let chunks = 0;
  let text = '';
  let finishReason;
  for await (const chunk of Stream.fromSSEResponse(new Response(wire, { headers: response.headers }))) {
    chunks++;
    text += chunk.choices[0]?.delta?.content ?? '';
    finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
  }
  if (chunks < 2 || text.length === 0 || finishReason !== 'stop') throw new Error(`whole answer: ${chunks} chunks, finish_reason ${finishReason}, text ${JSON.stringify(text)}`);
  const afterWhole = await waitFor(stats, (s) => s.streamsCompleted > before.streamsCompleted, 5_000);
  if (afterWhole.streamsCompleted !== before.streamsCompleted + 1) {
    throw new Error(`whole answer: the mock counted ${afterWhole.streamsCompleted - before.streamsCompleted} completed streams, expected 1`);
  }

  // 2. A paced answer; the browser leaves after the first chunk.
  const start = await stats();
  const controller = new AbortController();
  const paced = await post('Leave after the first chunk', { headers: { 'x-smoke-paced': '1' }, signal: controller.signal });
  if (paced.status !== 200) throw new Error(`paced answer: the relay answered ${paced.status}: ${await paced.text()}`);
  let seen = 0;
  let caught;
  try {
    for await (const _ of Stream.fromSSEResponse(paced, controller)) {
      if (++seen === 1) controller.abort();
    }
  } catch (error) {
    caught = error;
  }
  const isAbort = caught instanceof APIUserAbortError || APIUserAbortError.isInstance?.(caught);
  if (!isAbort) throw new Error(`paced answer: expected APIUserAbortError after leaving, got ${caught ? `${caught.name}: ${caught.message}` : `the end of the stream after ${seen} chunks`}`);
  if (seen !== 1) throw new Error(`paced answer: ${seen} chunks were delivered, expected 1`);

  // The relay server stays up while we wait: what is measured is the relay letting go, not this process exiting.
  const end = await waitFor(stats, (s) => s.streamsAborted > start.streamsAborted || s.streamsCompleted > start.streamsCompleted, ABORT_WAIT_MS);
  const upstream = {
    started: end.streamsStarted - start.streamsStarted,
    aborted: end.streamsAborted - start.streamsAborted,
    completed: end.streamsCompleted - start.streamsCompleted,
  };
  if (upstream.started !== 1 || upstream.aborted !== 1 || upstream.completed !== 0) {
    const fate = upstream.completed > 0 ? 'ran to its end' : upstream.aborted === 0 ? `was still open ${ABORT_WAIT_MS / 1000} s after the browser left` : 'was counted oddly';
    throw new Error(`paced answer: the upstream stream ${fate} (mock: ${JSON.stringify(upstream)}); the relay did not release it on disconnect`);
  }
  // 3. A chunked upload past maxBodyBytes that keeps coming after its 413.
  const refused = await refusedUpload();
  // 4. An upload refused by its content-length, sent whole before its answer is read.
  const refusedLength = await refusedByLength();

  if (serverErrors.length > 0) throw new Error(`the server reported errors: ${serverErrors.join('; ')}`);
  console.log(`RESULT ${JSON.stringify({ runtime, chunks, textLength: text.length, abortedAfterChunks: seen, upstream, refused, refusedLength })}`);
} catch (error) {
  if (serverErrors.length > 0) console.error(`server errors: ${serverErrors.join('; ')}`);
  failure = error;
  throw error;
} finally {
  await stopServer();
}
