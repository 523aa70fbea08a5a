import { inspect } from 'node:util';
import express from 'express';
import { createChatRouteHandler, Groq as WebGroq } from '@groq-stream/web';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Groq } from './groq.js';
import {
  APIConnectionError,
  APIError,
  createAPIError,
  createChatStreamMiddleware,
  Stream,
  StreamIdleTimeoutError,
  StreamInvalidDataError,
  StreamServerError,
  StreamTruncatedError,
  type ChatCompletionChunk,
  type ChatStreamMiddleware,
  type Fetch,
} from './index.js';
import { listen } from './pipe-stream-to-server-response.test-helpers.js';
import { analyze, possibleEndings } from './test/chaos-expected.js';
import { planCase, type Plan } from './test/chaos-plan.js';
import { startChaosUpstream, type ChaosUpstream } from './test/chaos-upstream.js';

// Seeded fault injection, end to end: a raw-TCP upstream sends a Groq-like SSE answer in random pieces,
// chunked or close-delimited, and breaks it once (FIN, RST, stall, an error frame, invalid data, bad chunked
// framing) at a random byte offset. Whoever reads it (the client on node:http and on fetch, the Express relay
// and the web relay, each read back as a browser would) must see the whole answer and no error exactly when
// what was sent was complete, an error after a prefix of the answer otherwise, never the key in an error,
// and the upstream connection must be let go. `CHAOS_SEEDS=17,42` runs chosen seeds.
//
// (The cases of adversarial-server.test.ts, one hand-written fault each, are not repeated here.)

const apiKey = 'gsk_chaos_SECRET_4f9a8b7c6d5e3a2b1c0d';
const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user' as const, content: 'hi' }];
const idleTimeout = 1_000;
const headersTimeout = 5_000;
const caseTimeout = 10_000;
/**
 * How long the upstream connection may stay open after the reader's end: a hang guard, not a measure of speed.
 * Where the upstream never closes a connection on its own (see attemptCase), a release at all is the reader's.
 */
const releaseGuard = 5_000;
/**
 * The idle timeout is a timer. It is 1 s, not less: on a loaded 2-CPU box, 250 ms fired between two events that
 * were on their way. A case that fails while this process's event loop lagged this much is run again (twice at
 * most); a failure without lag is final.
 */
const lagRetryMs = 100;
const maxAttempts = 3;

const seeds = process.env.CHAOS_SEEDS ? process.env.CHAOS_SEEDS.split(',').map(Number) : Array.from({ length: 150 }, (_, index) => index + 1);
const undiciFetch: Fetch = (input, init) => fetch(input, init);

let upstream: ChaosUpstream;
let relay: { url: string; close: () => Promise<void> };
const middlewares = new Map<string, ChatStreamMiddleware>();
/** The clients' streams, by case, kept until the release is checked: collected, a stream lets go of its connection itself. */
const streams = new Map<string, unknown>();

// How late a 10 ms interval fires, sampled for the whole run.
const lagSamples: { at: number; lag: number }[] = [];
let lagTimer: NodeJS.Timeout | undefined;
function maxLag(from: number, to: number): number {
  let max = 0;
  for (let index = lagSamples.length - 1; index >= 0 && lagSamples[index]!.at >= from; index--) if (lagSamples[index]!.at <= to + 50) max = Math.max(max, lagSamples[index]!.lag);
  return max;
}

beforeAll(async () => {
  let last = performance.now();
  lagTimer = setInterval(() => {
    const now = performance.now();
    lagSamples.push({ at: Date.now(), lag: now - last - 10 });
    last = now;
  }, 10);
  lagTimer.unref();
  upstream = await startChaosUpstream();
  const app = express();
  app.post('/chat/:name', (request, response, next) => void middlewares.get(request.params.name)!(request, response, next));
  relay = await listen(app);
});
afterAll(async () => {
  clearInterval(lagTimer);
  await relay.close();
  await upstream.close();
  printSummary();
});

type ReaderName = 'client over node:http' | 'client over fetch' | 'Express relay' | 'web relay';

interface Outcome {
  texts: string[];
  error: unknown;
  hung: boolean;
  finishedAt: number;
}

/** Reads `response` as the browser does (README): a non-2xx answer is an APIError, else the SSE stream. */
async function readAsBrowser(response: Response, controller: AbortController, texts: string[]): Promise<void> {
  if (!response.ok) throw createAPIError(response.status, await response.json(), response.headers);
  for await (const chunk of Stream.fromSSEResponse<ChatCompletionChunk>(response, controller)) texts.push(chunk.choices?.[0]?.delta?.content ?? '');
}

const readers: Record<ReaderName, (name: string, plan: Plan, controller: AbortController, texts: string[]) => Promise<void>> = {
  'client over node:http': (name, _plan, controller, texts) => readClient(name, undefined, controller, texts),
  'client over fetch': (name, _plan, controller, texts) => readClient(name, undiciFetch, controller, texts),
  'Express relay': async (name, plan, controller, texts) => {
    // The relay's own upstream transport and heartbeats vary with the seed.
    const client = new Groq({ apiKey, baseURL: `${upstream.url}/${name}`, maxRetries: 0, timeout: headersTimeout, streamIdleTimeout: idleTimeout, fetch: plan.seed % 2 ? undiciFetch : undefined });
    middlewares.set(name, createChatStreamMiddleware({ client, model, heartbeatMs: plan.seed % 3 === 0 ? 20 : 0 }));
    const response = await fetch(`${relay.url}/chat/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages }),
      signal: controller.signal,
    });
    await readAsBrowser(response, controller, texts);
  },
  'web relay': async (name, plan, controller, texts) => {
    const client = new WebGroq({ apiKey, baseURL: `${upstream.url}/${name}`, maxRetries: 0, timeout: headersTimeout, streamIdleTimeout: idleTimeout });
    const handler = createChatRouteHandler({ client, model, heartbeatMs: plan.seed % 3 === 0 ? 20 : 0 });
    const request = new Request('http://app.test/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages }),
      signal: controller.signal,
    });
    await readAsBrowser(await handler(request), controller, texts);
  },
};

async function readClient(name: string, transport: Fetch | undefined, controller: AbortController, texts: string[]): Promise<void> {
  const client = new Groq({ apiKey, baseURL: `${upstream.url}/${name}`, maxRetries: 0, timeout: headersTimeout, streamIdleTimeout: idleTimeout, fetch: transport });
  const stream = await client.chat.completions.create({ model, messages, stream: true }, { signal: controller.signal });
  streams.set(name, stream);
  for await (const chunk of stream) texts.push(chunk.choices?.[0]?.delta?.content ?? '');
}

async function run(reader: ReaderName, plan: Plan, attempt: number): Promise<Outcome & { name: string }> {
  const name = `${reader.replace(/\W+/g, '_')}-${plan.seed}${attempt > 1 ? `-${attempt}` : ''}`;
  upstream.serve(name, plan);
  const controller = new AbortController();
  const texts: string[] = [];
  let error: unknown;
  let hung = false;
  let timer: NodeJS.Timeout | undefined;
  const reading = readers[reader](name, plan, controller, texts)
    .catch((caught: unknown) => void (error = caught))
    .finally(() => middlewares.delete(name));
  await Promise.race([reading, new Promise<void>((resolve) => (timer = setTimeout(() => ((hung = true), resolve()), caseTimeout)))]);
  clearTimeout(timer);
  const finishedAt = Date.now();
  if (hung) controller.abort();
  return { name, texts, error, hung, finishedAt };
}

/** The error classes a correct reader may throw for a failure of this kind. */
function allowedErrors(reader: ReaderName, reason: string | undefined): (abstract new (...args: never[]) => Error)[] {
  // A relay turns every upstream failure into an `event: error` frame (StreamServerError in the browser; for a
  // cut-off upstream, an end or a break, StreamTruncatedError, its event having code `stream_truncated`), or,
  // before the stream began, into a JSON error answer (an APIError).
  if (reader === 'Express relay' || reader === 'web relay') return reason === 'eof' || reason === 'transport' ? [StreamTruncatedError, APIError] : [StreamServerError, APIError];
  switch (reason) {
    case 'errorEvent':
    case 'errorData':
      return [StreamServerError];
    case 'invalid':
      return [StreamInvalidDataError];
    case 'eof':
      return [StreamTruncatedError];
    case 'stall':
      return [StreamIdleTimeoutError];
    default:
      // A broken connection: mid-body, or before the response head was read.
      return [StreamTruncatedError, APIConnectionError];
  }
}

interface CaseRecord {
  reader: ReaderName;
  plan: Plan;
  result: string;
  problems: string[];
  /** Not failures: an error after [DONE] because the connection broke; fewer chunks than sent before a break. */
  notes: string[];
  /** Milliseconds from the reader's end to the upstream connection's release (negative: released first). */
  releaseMs: number | undefined;
  attempts: number;
  /** The worst event-loop lag during the last attempt, in milliseconds. */
  lag: number;
}
const records: CaseRecord[] = [];

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.constructor.name}: ${error.message}${error.cause instanceof Error ? ` (cause: ${error.cause.message})` : ''}` : String(error);

async function check(reader: ReaderName, plan: Plan): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    const { problems, record } = await attemptCase(reader, plan, attempt);
    const lag = maxLag(started, Date.now());
    if (problems.length === 0 || lag < lagRetryMs || attempt === maxAttempts) {
      records.push({ ...record, attempts: attempt, lag });
      return problems.map((problem) => (lag >= lagRetryMs ? `${problem} [event loop lagged ${Math.round(lag)} ms]` : problem));
    }
  }
}

async function attemptCase(reader: ReaderName, plan: Plan, attempt: number): Promise<{ problems: string[]; record: Omit<CaseRecord, 'attempts' | 'lag'> }> {
  const { name, texts, error, hung, finishedAt } = await run(reader, plan, attempt);
  const endings = possibleEndings(plan);
  const expectations = endings.map((ending) => ({ ending, ...analyze(plan, ending) }));
  const text = texts.join('');
  const problems: string[] = [];
  const notes: string[] = [];
  if (hung) problems.push(`hung: no end and no error within ${caseTimeout} ms (text so far ${JSON.stringify(text)})`);
  else if (error === undefined) {
    if (!expectations.some((expected) => expected.complete)) {
      problems.push(`ended quietly, but what was sent was incomplete (${expectations.map((expected) => `${expected.ending}: ${expected.reason}`).join(', ')}): silent loss`);
    }
    if (text !== plan.fullText) problems.push(`ended quietly with text ${JSON.stringify(text)}, not the full answer ${JSON.stringify(plan.fullText)}`);
  } else {
    if (!plan.fullText.startsWith(text)) problems.push(`text ${JSON.stringify(text)} is not a prefix of the answer ${JSON.stringify(plan.fullText)}`);
    const failing = expectations.filter((expected) => !expected.complete);
    // [DONE] arrived, then the connection broke: the runtime may drop bytes it had not handed over yet
    // (web streams discard their queue on error), so an error is tolerated there, never a quiet end.
    const tolerated = failing.length === 0 && endings.includes('transport');
    if (tolerated) notes.push('error after [DONE]');
    else if (failing.length > 0 && !failing.some((expected) => expected.text === text)) notes.push('chunks lost before the error');
    if (failing.length === 0 && !tolerated) problems.push(`failed (${describeError(error)}) although what was sent was complete`);
    const reasons = tolerated ? ['transport'] : failing.map((expected) => expected.reason);
    const classes = reasons.flatMap((reason) => allowedErrors(reader, reason));
    if (!classes.some((errorClass) => error instanceof errorClass)) {
      problems.push(`threw ${describeError(error)}; expected one of ${[...new Set(classes.map((errorClass) => errorClass.name))].join(', ')} (${reasons.join(' or ')})`);
    }
    // Unless the connection broke (bytes may be lost below the reader), every chunk before the failure arrives.
    if (!endings.includes('transport') && failing.length > 0 && !failing.some((expected) => expected.text === text)) {
      problems.push(`delivered ${JSON.stringify(text)} before the error, expected ${failing.map((expected) => JSON.stringify(expected.text)).join(' or ')}`);
    }
    for (const printed of [error instanceof Error ? error.message : '', String(error), inspect(error, { depth: 10 })]) {
      if (printed.includes(apiKey)) problems.push('the API key is in the error');
    }
  }
  // The upstream connection must be let go: closed, or reused for another request after a complete
  // response. A complete keep-alive response may also sit in the client's pool (not seen from the server;
  // reusing an unfinished one is caught as an anomaly below). Where the upstream leaves the connection open
  // (finalAct 'open': a stall, bad framing, a complete answer on a chunked `connection: close` response), it
  // would stay open for good: released at all, it was released by the reader (the client, or the relay whose
  // browser left or was answered), whatever the machine's speed, so the wait has no bound but a hang guard. The
  // client's stream is kept meanwhile, as its collection would release the connection too (a relay's stream is
  // out of reach here: its collection could still stand in for a relay that kept it, later, as the library's net).
  const guardUntil = Date.now() + releaseGuard;
  while (upstream.releasedAt(name) === undefined && plan.finalAct !== 'pool' && Date.now() < guardUntil) await new Promise((resolve) => setTimeout(resolve, 10));
  streams.delete(name);
  const releasedAt = upstream.releasedAt(name);
  if (upstream.requests(name) > 0 && releasedAt === undefined && plan.finalAct !== 'pool') problems.push(`the upstream connection was never let go after the reader ${error === undefined ? 'finished' : 'failed'} (still open ${releaseGuard} ms later)`);
  for (const anomaly of upstream.anomalies.filter((line) => line.includes(name))) problems.push(anomaly);
  const record = { reader, plan, result: hung ? 'hung' : error === undefined ? 'complete' : (error as Error).constructor.name, problems, notes, releaseMs: releasedAt === undefined ? undefined : releasedAt - finishedAt };
  return { problems, record };
}

function printSummary(): void {
  const table = new Map<string, number>();
  for (const { reader, plan, result } of records) {
    const key = `${reader} | ${plan.fault} | ${result}`;
    table.set(key, (table.get(key) ?? 0) + 1);
  }
  for (const { reader, plan, notes } of records) for (const note of notes) table.set(`${reader} | ${plan.fault} | note: ${note}`, (table.get(`${reader} | ${plan.fault} | note: ${note}`) ?? 0) + 1);
  const failed = records.filter((record) => record.problems.length > 0);
  // Not counting connections left in the client's pool (released when they are reused).
  const slowest = Math.max(...records.filter((record) => record.plan.finalAct !== 'pool').map((record) => record.releaseMs ?? -Infinity));
  const retried = records.filter((record) => record.attempts > 1).length;
  // One line; with CHAOS_SUMMARY=1 also each reader's outcomes per fault.
  const details = process.env.CHAOS_SUMMARY ? `\n${[...table].sort().map(([key, count]) => `  ${key}: ${count}`).join('\n')}` : '';
  console.log(
    `relay-faults: ${records.length} cases, ${failed.length} failed, ${retried} run again after event-loop lag, slowest release ${slowest} ms after the reader's end${details}${failed
      .map((record) => `\n  FAIL ${record.reader} ${record.plan.label}: ${record.problems.join('; ')}`)
      .join('')}`,
  );
}

const plans = seeds.map((seed) => planCase(seed, apiKey));
const readerNames = Object.keys(readers) as ReaderName[];

describe.concurrent.each(readerNames)('%s, against a faulty upstream', (reader) => {
  test.each(plans.map((plan) => [plan.label, plan] as const))('%s', async (_, plan) => {
    const problems = await check(reader, plan);
    expect(problems, `${reader} ${plan.label}`).toEqual([]);
  });
});
