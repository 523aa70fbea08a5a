// Setups a and b: a Groq client straight against the mock, driven by every client scenario.
import { clientScenarios } from './client-scenarios.mjs';
import { mockOpen, setupArguments, startMock } from './mock-probe.mjs';
import { soak } from './soak-loop.mjs';

/** Soaks `new Groq(...)` (from @groq-stream/node or /web) on its default transport, then exits. */
export async function soakClient(label, Groq) {
  const mock = await startMock();
  const client = new Groq({ apiKey: 'soak', baseURL: mock.url, maxRetries: 2, logLevel: 'off' });
  const stop = new AbortController(); // an app's Stop button, never pressed
  await soak({
    ...setupArguments(),
    label,
    scenarios: clientScenarios(client, stop.signal),
    sharedSignal: stop.signal,
    probe: () => ({ mockOpen: mockOpen(mock) }),
  });
  await mock.close();
  process.exit(0); // a leaked handle is in the verdict already; it must not keep this process waiting
}
