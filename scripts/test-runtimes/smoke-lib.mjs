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
  return { chunks, textLength: text.length, abortedAfterChunks: seen, streamsAborted: after };
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
