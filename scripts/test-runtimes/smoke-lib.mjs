// The smoke test every runtime runs. It must stay self-contained (no imports, no closures over module
// state): the edge-runtime sandbox evaluates `runSmoke.toString()` inside the VM.
// `clientOptions` go to the client as well (a browser needs `dangerouslyAllowBrowser`).
export async function runSmoke({ Groq, APIUserAbortError, baseURL, fetch: fetchImpl, clientOptions = {} }) {
  const f = fetchImpl ?? globalThis.fetch;
  const stats = async () => (await f(`${baseURL}/__mock/stats`)).json();
  const client = new Groq({ apiKey: 'test', baseURL, maxRetries: 0, timeout: 10_000, ...(fetchImpl ? { fetch: fetchImpl } : {}), ...clientOptions });
  const model = 'llama-3.1-8b-instant';

  // 1. A whole completion.
  const stream = await client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'Hello from a runtime smoke test' }] });
  let text = '';
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  if (chunks < 2 || text.length === 0) throw new Error(`completion too short: ${chunks} chunks, ${JSON.stringify(text)}`);

  // 2. Abort mid-stream after 3 chunks of a paced answer (4 s long). That the abort took effect at once is
  // judged by order, not by a clock that a loaded machine can stretch: the mock counts this stream aborted,
  // and not completed.
  const { streamsAborted: before, streamsCompleted: completedBefore } = await stats();
  const paced = await client.chat.completions.create(
    { model, stream: true, messages: [{ role: 'user', content: 'Abort me' }] },
    { headers: { 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '200' } },
  );
  let seen = 0;
  let caught;
  try {
    for await (const _ of paced) {
      if (++seen === 3) paced.controller.abort();
    }
  } catch (error) {
    caught = error;
  }
  if (!caught) throw new Error(`abort: the stream ended without an error after ${seen} chunks`);
  const isAbort = caught instanceof APIUserAbortError || (typeof APIUserAbortError.isInstance === 'function' && APIUserAbortError.isInstance(caught));
  if (!isAbort) throw new Error(`abort: expected APIUserAbortError, got ${caught?.name}: ${caught?.message}`);
  if (seen !== 3) throw new Error(`abort: ${seen} chunks were delivered, expected 3`);

  // The mock notices the closed connection a moment later; waiting is bounded only as a hang check.
  let after = before;
  let completed = completedBefore;
  for (let i = 0; i < 200 && after <= before && completed <= completedBefore; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    ({ streamsAborted: after, streamsCompleted: completed } = await stats());
  }
  if (completed > completedBefore) throw new Error(`abort: the mock completed the stream (streamsCompleted ${completedBefore} -> ${completed}), so the upstream was not released`);
  if (!(after >= 1 && after > before)) throw new Error(`abort: mock streamsAborted stayed ${after} (was ${before})`);

  // 3. Leaving, timeouts and a cut-off stream, each judged by the error's kind (by its brand, through the
  // classes Groq carries, and its name: the Stream… classes are not on Groq) and by how the mock saw the
  // stream end: aborted (the client let go), or failed (the mock cut it). The waits are hang checks.
  /** The mock's counts for what `act` started, once one of its streams has ended (or after 10 s). */
  const endedStreams = (s) => s.streamsAborted + s.streamsCompleted + s.streamsFailed;
  const ended = async (what, act) => {
    const start = await stats();
    const outcome = await act();
    let end = start;
    for (let i = 0; i < 200 && endedStreams(end) === endedStreams(start); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      end = await stats();
    }
    const counts = { aborted: end.streamsAborted - start.streamsAborted, completed: end.streamsCompleted - start.streamsCompleted, failed: end.streamsFailed - start.streamsFailed };
    return { outcome, counts, says: `${what} (mock: ${JSON.stringify(counts)})` };
  };
  const released = ({ counts, says }) => {
    if (counts.aborted !== 1 || counts.completed !== 0 || counts.failed !== 0) throw new Error(`${says}: the upstream stream was not released`);
  };
  const failure = async (promise) => {
    try {
      await promise;
    } catch (error) {
      return error;
    }
    return undefined;
  };
  const iterate = (stream, leaveAt) =>
    failure(
      (async () => {
        let n = 0;
        for await (const _ of stream) if (++n === leaveAt) break;
      })(),
    );
  const kindOf = (error) => (error ? `${error.name}: ${error.message}` : 'no error');
  const paceHeaders = { headers: { 'x-mock-tokens-per-second': '50', 'x-mock-tokens': '200' } };
  const create = (options) => client.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: 'Fault me' }] }, options);

  // `break` in the loop: ends it quietly, and releases the connection.
  const broke = await ended('break', async () => iterate(await create(paceHeaders), 3));
  if (broke.outcome) throw new Error(`break: the loop threw ${kindOf(broke.outcome)}`);
  released(broke);

  // No headers within `timeout`: APIConnectionTimeoutError (not the idle one, not a bare AbortError).
  const slow = await ended('header timeout', () => failure(create({ timeout: 300, headers: { 'x-mock-scenario': 'slow-headers', 'x-mock-ttft-ms': '20000' } })));
  if (!(Groq.APIConnectionTimeoutError.isInstance(slow.outcome) && slow.outcome.name === 'APIConnectionTimeoutError')) throw new Error(`header timeout: expected APIConnectionTimeoutError, got ${kindOf(slow.outcome)}`);
  released(slow);

  // A stream that stalls after its first chunks: StreamIdleTimeoutError, not a quiet end.
  const stalled = await ended('stall', async () => iterate(await create({ streamIdleTimeout: 300, headers: { 'x-mock-scenario': 'stall' } })));
  if (!(Groq.APIConnectionTimeoutError.isInstance(stalled.outcome) && stalled.outcome.name === 'StreamIdleTimeoutError' && stalled.outcome.idleTimeout === 300)) {
    throw new Error(`stall: expected StreamIdleTimeoutError (idleTimeout 300), got ${kindOf(stalled.outcome)}`);
  }
  released(stalled);

  // The server cuts the connection mid-answer: StreamTruncatedError, not a quiet end.
  const dropped = await ended('drop', async () => iterate(await create({ headers: { 'x-mock-scenario': 'drop' } })));
  if (!(Groq.GroqError.isInstance(dropped.outcome) && dropped.outcome.name === 'StreamTruncatedError')) throw new Error(`drop: expected StreamTruncatedError, got ${kindOf(dropped.outcome)}`);
  if (dropped.counts.failed !== 1) throw new Error(`${dropped.says}: the mock did not cut the stream`);

  // tee(): the connection is released once both branches have left.
  const teed = await ended('tee', async () => {
    const [first, second] = (await create(paceHeaders)).tee();
    return (await iterate(first, 2)) ?? (await iterate(second, 3));
  });
  if (teed.outcome) throw new Error(`tee: a branch threw ${kindOf(teed.outcome)}`);
  released(teed);

  // toReadableStream(): cancelling its reader releases the connection.
  const cancelled = await ended('toReadableStream cancel', async () => {
    const reader = (await create(paceHeaders)).toReadableStream().getReader();
    return (await failure(reader.read())) ?? (await failure(reader.cancel()));
  });
  if (cancelled.outcome) throw new Error(`toReadableStream cancel: ${kindOf(cancelled.outcome)}`);
  released(cancelled);

  return { chunks, textLength: text.length, abortedAfterChunks: seen, streamsAborted: after, faults: 6 };
}

/**
 * Polls `read` until `done(value)`, for at most `ms` (a hang check, not a timing: the caller judges the value
 * it returns); returns the last value read.
 */
export async function waitFor(read, done, ms) {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
