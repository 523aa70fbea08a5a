import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Groq } from '@groq-stream/node';
import { createApp, createAppServer, defaultModel, type CreateAppOptions } from '../server.js';

/** A demo app served for a test: its port and base URL, and `close()`, which also ends its open connections. */
export interface ServedDemo {
  port: number;
  url: string;
  close: () => Promise<void>;
}

/** The demo app on a free port of 127.0.0.1, with a client of `mockURL` (no retries, no heartbeats unless `options` says). */
export async function serveDemo(mockURL: string, options: Partial<CreateAppOptions> = {}): Promise<ServedDemo> {
  const client = new Groq({ apiKey: 'test-key', baseURL: mockURL, maxRetries: 0 });
  const server: Server = createAppServer(createApp({ client, model: defaultModel, heartbeatMs: 0, ...options }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
