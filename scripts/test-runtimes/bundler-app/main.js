// The chat page an app would write, as the web README shows it: post to the app's own relay, read the answer
// with `Stream.fromSSEResponse`, show each token as it comes, and a Stop button that aborts the fetch.
import { APIUserAbortError, Groq, GroqError, RateLimitError, relayErrorOf, Stream } from '@groq-stream/web';

const form = document.querySelector('#chat');
const prompt = document.querySelector('#prompt');
const scenario = document.querySelector('#scenario');
const stop = document.querySelector('#stop');
const answer = document.querySelector('#answer');
const status = document.querySelector('#status');

let controller;
stop.addEventListener('click', () => controller?.abort());

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  controller = new AbortController();
  answer.textContent = '';
  delete answer.dataset.tokens;
  status.textContent = 'streaming';
  stop.disabled = false;
  let tokens = 0;
  try {
    const response = await fetch('/api/chat', {
      method: 'POST',
      // x-smoke-scenario: only this test sends it, so that the relay asks the mock for a slow answer to stop,
      // or for a 429.
      headers: { 'content-type': 'application/json', ...(scenario.value === '' ? {} : { 'x-smoke-scenario': scenario.value }) },
      body: JSON.stringify({ messages: [{ role: 'user', content: prompt.value }] }),
      signal: controller.signal,
    });
    if (!response.ok) throw await relayErrorOf(response);
    for await (const chunk of Stream.fromSSEResponse(response, controller, { idleTimeout: 90_000 })) {
      const text = chunk.choices[0]?.delta.content ?? '';
      if (text !== '') answer.dataset.tokens = String(++tokens);
      answer.append(text);
    }
    status.textContent = 'done';
  } catch (error) {
    if (error instanceof APIUserAbortError || error.name === 'AbortError') status.textContent = 'stopped';
    else if (error instanceof RateLimitError) status.textContent = `busy: ${error.name}`;
    else if (error instanceof GroqError) status.textContent = `failed: ${error.name}: ${error.message}`;
    else status.textContent = `bug: ${error}`;
  } finally {
    stop.disabled = true;
  }
});

// The client itself in the page, for the test to drive (with its dummy key: never a real one in a browser).
window.groqStreamPage = { Groq, APIUserAbortError };
