// Every way an app ends a stream, on a client whose baseURL is the mock (setups a and b). Each one must
// leave nothing behind once it has ended: no open request, no listener on a signal the app keeps, no timer.
// `errors` are the error kinds a scenario may end with (soak-loop.mjs's errorKind); any other fails the run.
// A scenario whose end depends on timing (an abort racing the answer) returns a label instead of failing.
import { pick, rand } from './random.mjs';

const model = 'llama-3.3-70b-versatile';
const messages = [{ role: 'user', content: 'Tell me about soaking things' }];
const abort = ['APIUserAbortError'];
const serverErrors = ['InternalServerError', 'RateLimitError'];

/** `shared` is an app-wide signal (a page's Stop button), never aborted: streams must not pile listeners on it. */
export function clientScenarios(client, shared) {
  const create = (headers = {}, options = {}) => client.chat.completions.create({ model, messages, stream: true }, { headers, ...options });
  // Short answers, some all at once, some paced; and long ones (2 to 4 s) to be left part-way.
  const short = () => ({ 'x-mock-tokens': String(rand(20, 80)), 'x-mock-tokens-per-second': String(pick([0, 200, 500])) });
  const long = () => ({ 'x-mock-tokens': String(rand(200, 400)), 'x-mock-tokens-per-second': '100' });
  const readAll = async (iterable) => {
    let count = 0;
    for await (const _ of iterable) count++;
    return count;
  };

  return {
    full: {
      weight: 10,
      async run() {
        if ((await readAll(await create(short()))) === 0) throw new Error('the stream ended without a chunk');
      },
    },
    breakAfterK: {
      weight: 8,
      async run() {
        const k = rand(0, 10);
        let n = 0;
        for await (const _ of await create(short())) if (n++ >= k) break;
      },
    },
    textDeltasBreak: {
      weight: 4,
      async run() {
        const k = rand(1, 8);
        let n = 0;
        for await (const _ of (await create(short())).textDeltas()) if (n++ >= k) break;
      },
    },
    controllerAbortMid: {
      weight: 5,
      errors: abort,
      async run() {
        const stream = await create(long());
        const k = rand(1, 10);
        let n = 0;
        for await (const _ of stream) if (n++ === k) stream.controller.abort();
        throw new Error('controller.abort() did not end the stream');
      },
    },
    signalAbortBeforeHeaders: {
      weight: 4,
      errors: abort,
      async run() {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), rand(0, 150));
        await readAll(await create({ 'x-mock-scenario': 'slow-headers', 'x-mock-ttft-ms': '300' }, { signal: controller.signal }));
        return 'not-aborted';
      },
    },
    // The abort lands in a retry's wait, or in a request; the retries may also run out first.
    signalAbortDuringBackoff: {
      weight: 4,
      errors: [...abort, ...serverErrors],
      async run() {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), rand(20, 900));
        const scenario = pick(['rate-limit', 'server-error', 'service-unavailable']);
        await readAll(await create({ 'x-mock-scenario': scenario }, { signal: controller.signal, maxRetries: 3 }));
        return 'not-aborted';
      },
    },
    retriesExhausted: {
      weight: 1,
      errors: ['InternalServerError'],
      async run() {
        await readAll(await create({ 'x-mock-scenario': pick(['server-error', 'bad-gateway']) }, { maxRetries: 1 }));
        throw new Error('a failing upstream answered');
      },
    },
    signalAbortMid: {
      weight: 5,
      errors: abort,
      async run() {
        const controller = new AbortController();
        const stream = await create(long(), { signal: controller.signal });
        setTimeout(() => controller.abort(), rand(5, 300));
        await readAll(stream);
        return 'not-aborted';
      },
    },
    idleTimeout: {
      weight: 4,
      errors: ['StreamIdleTimeoutError'],
      async run() {
        await readAll(await create({ 'x-mock-scenario': 'stall' }, { streamIdleTimeout: rand(100, 300) }));
        throw new Error('a stalled stream ended without an idle timeout');
      },
    },
    midStreamFault: {
      weight: 3,
      errors: ['StreamServerError', 'StreamTruncatedError'],
      async run() {
        await readAll(await create({ 'x-mock-scenario': pick(['mid-stream-error', 'drop', 'stopped-early']) }));
      },
    },
    // Dropped without return() or cancel(): released once garbage (abort-when-dropped.ts in core).
    droppedIterator: {
      weight: 4,
      async run() {
        const iterator = (await create(long()))[Symbol.asyncIterator]();
        for (let i = rand(1, 5); i > 0; i--) await iterator.next();
      },
    },
    droppedUnread: {
      weight: 3,
      async run() {
        await create(short());
      },
    },
    teeOneAbandoned: {
      weight: 4,
      async run() {
        const [a, b] = (await create(short())).tee();
        if (Math.random() < 0.5) await b[Symbol.asyncIterator]().next(); // read a little, then dropped
        await readAll(a);
      },
    },
    teeBothBreak: {
      weight: 3,
      async run() {
        const [a, b] = (await create(long())).tee();
        let n = 0;
        for await (const _ of a) if (n++ > 2) break;
        n = 0;
        for await (const _ of b) if (n++ > 4) break;
      },
    },
    readableCancelled: {
      weight: 4,
      async run() {
        const reader = (await create(long())).toReadableStream().getReader();
        for (let i = rand(0, 5); i > 0; i--) await reader.read();
        await reader.cancel();
      },
    },
    sseReadableCancelled: {
      weight: 4,
      async run() {
        const reader = (await create(long())).toSSEReadableStream({ heartbeatMs: pick([0, 50, 1000]) }).getReader();
        for (let i = rand(0, 5); i > 0; i--) await reader.read();
        await reader.cancel();
      },
    },
    sseReadableFull: {
      weight: 3,
      async run() {
        const reader = (await create(short())).toSSEReadableStream().getReader();
        while (!(await reader.read()).done);
      },
    },
    // Its heartbeat timer must not keep it (and its connection) alive once the reader is gone.
    sseReadableDropped: {
      weight: 2,
      async run() {
        await (await create(long())).toSSEReadableStream({ heartbeatMs: 1000 }).getReader().read();
      },
    },
    finalCompletion: {
      weight: 5,
      async run() {
        const completion = await (await create(short())).finalChatCompletion();
        if (!completion.choices[0]?.message.content) throw new Error('finalChatCompletion() has no content');
      },
    },
    sharedSignalFull: {
      weight: 5,
      async run() {
        await readAll(await create(short(), { signal: shared }));
      },
    },
    sharedSignalBreak: {
      weight: 5,
      async run() {
        let n = 0;
        for await (const _ of await create(long(), { signal: shared })) if (n++ >= 3) break;
      },
    },
    sharedSignalDroppedIterator: {
      weight: 2,
      async run() {
        await (await create(long(), { signal: shared }))[Symbol.asyncIterator]().next();
      },
    },
    // A retry's wait listens on the shared signal; the retries run out.
    sharedSignalBackoffThenFail: {
      weight: 2,
      errors: serverErrors,
      async run() {
        await readAll(await create({ 'x-mock-scenario': pick(['server-error', 'rate-limit']) }, { signal: shared, maxRetries: 1 }));
        throw new Error('a failing upstream answered');
      },
    },
    sharedSignalIdle: {
      weight: 2,
      errors: ['StreamIdleTimeoutError'],
      async run() {
        await readAll(await create({ 'x-mock-scenario': 'stall' }, { signal: shared, streamIdleTimeout: 150 }));
        throw new Error('a stalled stream ended without an idle timeout');
      },
    },
  };
}
