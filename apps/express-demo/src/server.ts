import { realpathSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { createChatStreamMiddleware, Groq, GroqError, type ChatRelayOptions, type ClientOptions } from '@groq-stream/node';
import express, { type Express } from 'express';
import { createAppServer } from './create-app-server.js';
import { createHostGuard } from './create-host-guard.js';
import { jsonErrorHandler, jsonNotFoundHandler } from './json-error-handler.js';
import { readDemoSettings, type DemoSettings } from './read-demo-settings.js';

export { createAppServer } from './create-app-server.js';

/** Options of {@link createApp}: the relay's, where the page is, and the host names it answers to. */
export interface CreateAppOptions extends ChatRelayOptions {
  /** Folder with index.html, styles.css and chat.js. Default: this app's `dist/public` (made by `pnpm build`). */
  publicDir?: string | undefined;
  /**
   * Host names to answer besides localhost, 127.0.0.1 and [::1] (`demo.example`, or `demo.example:3000` for
   * that port only); a request addressed to any other is refused (createHostGuard). `start()` takes them from
   * `ALLOWED_HOSTS`, with the address it listens on.
   */
  allowedHosts?: readonly string[] | undefined;
}

/** The model the demo asks for unless `GROQ_MODEL` names another, as the Next demo's (apps/next-demo/lib/groq.ts). */
export const defaultModel = 'llama-3.3-70b-versatile';

// `../dist/public` from both src/server.ts (tests) and dist/server.js (pnpm start).
const defaultPublicDir = fileURLToPath(new URL('../dist/public/', import.meta.url));

/**
 * The demo app: `POST /api/chat` relays a conversation to Groq and streams the answer back (any other
 * method gets 405), and `GET /` serves a small chat page that reads that stream. Errors are answered as
 * JSON (`jsonErrorHandler`), without a stack, and so is any other path under `/api` (a 404). First of all, a
 * request addressed to a host the demo does not serve, or sent by another site's page, is refused (a 403).
 */
export function createApp(options: CreateAppOptions): Express {
  const { publicDir = defaultPublicDir, allowedHosts, ...relay } = options;
  const app = express();
  app.disable('x-powered-by');
  // Before the relay can spend the key on it: a page that rebinds its own name to this machine, or posts here.
  app.use(createHostGuard(allowedHosts));
  app.all('/api/chat', createChatStreamMiddleware(relay));
  // The rest of /api is no file of the page's: a JSON 404 for the program that called it, not Express's HTML.
  app.use('/api', jsonNotFoundHandler);
  app.use(
    express.static(publicDir, {
      setHeaders: (response) => {
        // The page loads only its own files: no inline script, no third party; no injected <base> or form
        // may send anything elsewhere, and no address leaks in a Referer.
        response.setHeader(
          'content-security-policy',
          "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; object-src 'none'; frame-ancestors 'none'",
        );
        response.setHeader('x-content-type-options', 'nosniff');
        response.setHeader('referrer-policy', 'no-referrer');
      },
    }),
  );
  // Last: errors are answered as JSON, never as Express's page with the stack (shown outside production).
  app.use(jsonErrorHandler);
  return app;
}

/** A running demo, from {@link start}. */
export interface RunningDemo {
  url: string;
  server: Server;
  /** The embedded mock server, when no GROQ_API_KEY (nor GROQ_BASE_URL) was set. */
  mock: MockGroqServer | undefined;
  close(): Promise<void>;
}

/** Where `GROQ_BASE_URL` points, for the start-up line: never its user, password or query, which may be secrets. */
function serverName(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return 'GROQ_BASE_URL (not a URL)';
  }
}

/** The Groq client for the environment: Groq with a key, a Groq-compatible server, or the embedded mock. */
async function connectUpstream({ apiKey, baseURL, maxRetries }: DemoSettings): Promise<{ client: Groq; mock?: MockGroqServer; description: string }> {
  // Blank is unset (readDemoSettings), as the node client and groq-stream's CLI read them: `GROQ_API_KEY= ` in a
  // .env file or a shell means no key (the embedded mock), not a key the client refuses.
  if (apiKey) {
    return {
      client: clientOf({ apiKey, baseURL, maxRetries }),
      // "Groq" alone did not say that this is the real API, which spends the key's quota.
      description: baseURL ? `the server at ${serverName(baseURL)}` : 'the real Groq API at https://api.groq.com (GROQ_API_KEY is set)',
    };
  }
  if (baseURL) {
    return {
      client: clientOf({ apiKey: 'no-key', baseURL, maxRetries }),
      description: `the server at ${serverName(baseURL)} (no GROQ_API_KEY: sending a placeholder key)`,
    };
  }
  const mock = await createMockGroqServer({ tokensPerSecond: 30, ttftMs: 300 });
  return {
    client: new Groq({ apiKey: 'mock', baseURL: mock.url, maxRetries }),
    mock,
    description: `the embedded mock server at ${mock.url}: made-up answers at 30 tokens/s after 300 ms.\n  No GROQ_API_KEY is set; set it to talk to Groq, or GROQ_BASE_URL for another Groq-compatible server`,
  };
}

/**
 * The start-up line that names the model asked for, and where it comes from: a GROQ_MODEL with a typo, or one left
 * set in the shell, otherwise showed only in the answers (Groq's 404), or not at all on the mock, which answers any.
 */
function modelLine(model: string | undefined, mock: MockGroqServer | undefined): string {
  if (model === undefined) return `  Model: ${defaultModel} (the default; set GROQ_MODEL to ask for another).`;
  return `  Model: ${model} (GROQ_MODEL is set)${mock === undefined ? '' : ', which the mock does not check: it answers any model'}.`;
}

/**
 * The client for the environment's settings. A setting the client refuses stops the start with the client's words
 * naming the variable it came from, as the Next demo's start script and groq-stream's CLI word them; the client's
 * messages never quote the key, nor the query string of a baseURL, which may hold one. The key is built into a
 * client on its own first, so that its refusal (a character no HTTP header can carry, such as a line break or a
 * letter pasted in with it), whose words name no variable, says GROQ_API_KEY.
 */
function clientOf(options: ClientOptions): Groq {
  try {
    // Groq's own address (null) and no log lines: only the key is checked, and GROQ_LOG read once, below.
    void new Groq({ apiKey: options.apiKey, baseURL: null, logLevel: 'off' });
  } catch (error) {
    if (!GroqError.isInstance(error)) throw error;
    throw new Error(`GROQ_API_KEY cannot be used: ${error.message} Fix GROQ_API_KEY or unset it.`, { cause: error });
  }
  try {
    return new Groq(options);
  } catch (error) {
    if (!GroqError.isInstance(error) || !error.message.startsWith('baseURL ')) throw error;
    throw new Error(error.message.replace(/^baseURL/, 'GROQ_BASE_URL'), { cause: error });
  }
}

/**
 * Starts the demo on `PORT` (default 3000) and `HOST` (default 127.0.0.1), and says where. The upstream
 * comes from `GROQ_API_KEY`, `GROQ_BASE_URL` and `GROQ_MAX_RETRIES`, the model from `GROQ_MODEL` (see the README).
 */
export async function start(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): Promise<RunningDemo> {
  // Read before the upstream starts, so that a bad value leaves no embedded mock running.
  const settings = readDemoSettings(env);
  const { port, host, allowedHosts } = settings;
  const { client, mock, description } = await connectUpstream(settings);
  let server: Server;
  try {
    const app = createApp({
      allowedHosts,
      client,
      model: settings.model ?? defaultModel,
      prepare: (params) => ({ ...params, messages: [{ role: 'system', content: 'You are a helpful assistant. Answer clearly and briefly.' }, ...params.messages] }),
    });
    server = createAppServer(app);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  } catch (error) {
    // The embedded mock's server would keep the process alive after its failure was printed.
    await mock?.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  log(`groq-stream Express demo: ${url}`);
  log(`  Answers come from ${description}.`);
  log(modelLine(settings.model, mock));
  log('  Try the relay from a terminal:');
  log(`  curl -N ${url}/api/chat -H 'content-type: application/json' -d '{"messages":[{"role":"user","content":"Hello!"}]}'`);
  let closed: Promise<void> | undefined;
  return {
    url,
    server,
    mock,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open streams would keep close() waiting; cutting them aborts their upstream requests.
        server.closeAllConnections();
      }).then(() => mock?.close())),
  };
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  start().then(
    (demo) => {
      const stop = (): void => {
        void demo.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      console.error(`Could not start the demo: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
