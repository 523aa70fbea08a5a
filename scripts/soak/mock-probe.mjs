// The mock upstream for every setup, and the probe of its counters that each sample records.
import { importPackage } from './workspace.mjs';

const { createMockGroqServer } = await importPackage('@groq-stream/mock-server');

/** A mock on 127.0.0.1 that records no requests (its log of the last ones would read as retained memory). */
export const startMock = () => createMockGroqServer({ host: '127.0.0.1', port: 0, maxRecordedRequests: 0 });

/** Streams the mock started that have not ended: completed, aborted (client gone) or failed (on purpose). */
export function mockOpen(mock) {
  const stats = mock.stats();
  return stats.streamsStarted - stats.streamsCompleted - stats.streamsAborted - stats.streamsFailed;
}

/** Open connections of a relay's node:http server. */
export const connectionsOf = (server) => new Promise((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count))));

/** The arguments run.mjs gives a setup: minutes, concurrency, and the file for the result. */
export function setupArguments() {
  const [minutes, concurrency, out] = process.argv.slice(2);
  return { minutes: Number(minutes), concurrency: Number(concurrency), out };
}
