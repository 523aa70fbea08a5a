import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// `scripts/start.mjs` (what `pnpm start` runs) builds the routes' client from its environment before it
// spawns `next start`: a setting the client refuses stops the start with a line naming the variable, where
// it would otherwise start fine and then answer every chat request with a 500. It reads the app's .env files
// as Next.js does (the environment winning), so a setting in .env.local is checked and used too.

const appDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const startScript = path.join(appDir, 'scripts', 'start.mjs');

let mock: MockGroqServer;

beforeAll(async () => {
  if (!existsSync(path.join(appDir, '.next', 'BUILD_ID'))) {
    throw new Error('apps/next-demo has no build (.next/BUILD_ID): run `pnpm build` first (turbo runs it before `test`).');
  }
  mock = await createMockGroqServer({ tokens: 3 });
});

afterAll(async () => {
  await mock?.close();
});

/** What a run of the start script printed, and how it ended. */
interface StartRun {
  /** The exit code, or undefined when Next.js got as far as serving and the run was stopped. */
  code: number | null | undefined;
  stdout: string;
  stderr: string;
  /** The URL `next start` printed, when it got that far. */
  url: string | undefined;
  stop(): Promise<void>;
}

/**
 * Runs `node scripts/start.mjs --port 0` (or with `args`) with only `settings` of the GROQ_ variables (none from
 * the environment of the test), until it exits or Next.js prints where it serves.
 */
/** One chat question to the started demo's relay. */
function askHello(url: string | undefined): Promise<Response> {
  return fetch(new URL('/api/chat', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello!' }] }),
  });
}

function runStartScript(settings: Record<string, string>, args: string[] = ['--port', '0']): Promise<StartRun> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GROQ_')));
  const env: NodeJS.ProcessEnv = { ...inherited, HOST: '127.0.0.1', ...settings, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  const child = spawn(process.execPath, [startScript, ...args], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise<StartRun>((resolve) => {
    const serving = (): void => {
      const url = /- Local:\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url !== undefined) resolve({ code: undefined, stdout, stderr, url, stop });
    };
    child.stdout.on('data', (data: Buffer) => {
      stdout += data.toString();
      serving();
    });
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    void exited.then((code) => resolve({ code, stdout, stderr, url: undefined, stop }));
  });
}

describe('scripts/start.mjs', () => {
  test.each([
    { name: 'GROQ_MAX_RETRIES that is no number', settings: () => ({ GROQ_API_KEY: 'test-key', GROQ_BASE_URL: mock.url, GROQ_MAX_RETRIES: 'many' }), names: ['GROQ_MAX_RETRIES', '"many"'] },
    { name: 'negative GROQ_MAX_RETRIES, with the mock server it starts itself', settings: () => ({ GROQ_MAX_RETRIES: '-1' }), names: ['GROQ_MAX_RETRIES', '"-1"'] },
    // Decimal notation only, as groq-stream's --max-retries: Number() read these as 16, 1000 and 0.
    { name: 'GROQ_MAX_RETRIES in hexadecimal', settings: () => ({ GROQ_API_KEY: 'test-key', GROQ_BASE_URL: mock.url, GROQ_MAX_RETRIES: '0x10' }), names: ['GROQ_MAX_RETRIES must be an integer of at least 0, got "0x10"'] },
    { name: 'GROQ_MAX_RETRIES with an exponent', settings: () => ({ GROQ_API_KEY: 'test-key', GROQ_BASE_URL: mock.url, GROQ_MAX_RETRIES: '1e3' }), names: ['GROQ_MAX_RETRIES must be an integer of at least 0, got "1e3"'] },
    { name: 'GROQ_BASE_URL that is no URL', settings: () => ({ GROQ_BASE_URL: 'not a url' }), names: ['GROQ_BASE_URL', '"not a url"'] },
    { name: 'ALLOWED_HOSTS entry that is no host name', settings: () => ({ GROQ_API_KEY: 'test-key', GROQ_BASE_URL: mock.url, ALLOWED_HOSTS: 'demo.example, https://laptop.lan' }), names: ['ALLOWED_HOSTS', '"https://laptop.lan"'] },
    // Passed on to `next start --hostname`, which failed to listen (ENOTFOUND) after the mock server had started,
    // in lines of Next.js's own. Without GROQ_ settings: the start would begin with the mock server.
    { name: 'HOST that is no host name', settings: () => ({ HOST: 'my laptop' }), names: ['HOST must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got "my laptop".'] },
    { name: 'HOST with a port', settings: () => ({ HOST: '127.0.0.1:3001' }), names: ['HOST must be', 'got "127.0.0.1:3001"'] },
    { name: 'GROQ_API_KEY that headers cannot carry', settings: () => ({ GROQ_API_KEY: 'gsk_secret value', GROQ_BASE_URL: mock.url }), names: ['GROQ_API_KEY'] },
  ])('refuses a $name with one line naming it, and never starts Next.js', async ({ settings, names }) => {
    const run = await runStartScript(settings());
    await run.stop();
    expect(run.url, `Next.js started:\n${run.stdout}${run.stderr}`).toBeUndefined();
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^next-demo: /);
    for (const name of names) expect(lines[0]).toContain(name);
    expect(lines[0]).not.toContain('secret');
    // Neither the demo's start-up lines nor anything of Next.js's.
    expect(run.stdout).toBe('');
  });

  test.each<{ args: string[]; env: Record<string, string>; message: string }>([
    // Number() read 1e3 as 1000 and 0x10 as 16, which Next.js then served on; -1 as its own argument was
    // parseArgs' "ambiguous" error, with a stack trace.
    { args: ['--port', '1e3'], env: {}, message: '--port must be an integer from 0 to 65535, got "1e3".' },
    { args: ['--port', '-1'], env: {}, message: '--port must be an integer from 0 to 65535, got "-1".' },
    { args: ['--port=65536'], env: {}, message: '--port must be an integer from 0 to 65535, got "65536".' },
    { args: [], env: { PORT: '0x10' }, message: 'PORT must be an integer from 0 to 65535, got "0x10".' },
    { args: [], env: { PORT: '1.5' }, message: 'PORT must be an integer from 0 to 65535, got "1.5".' },
  ])('refuses the port of $args $env with its range in one line, and never starts Next.js', async ({ args, env, message }) => {
    const run = await runStartScript({ GROQ_API_KEY: 'test-key', GROQ_BASE_URL: mock.url, ...env }, args);
    await run.stop();
    expect(run.url, `Next.js started:\n${run.stdout}${run.stderr}`).toBeUndefined();
    expect({ code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({ code: 1, stderr: `next-demo: ${message} Next.js was not started.\n`, stdout: '' });
  });

  test('starts Next.js with good settings, and a GROQ_LOG the client only warns about', async () => {
    const run = await runStartScript({ GROQ_API_KEY: 'test-key', GROQ_BASE_URL: mock.url, GROQ_MAX_RETRIES: '0', GROQ_LOG: 'loud' });
    try {
      expect(run.url, `Next.js did not start (exit code ${run.code}):\n${run.stdout}${run.stderr}`).toBeDefined();
      expect(run.stdout).toContain('groq-stream Next.js demo:');
      // With --port 0 the port is Next.js's choice: the demo's line must not claim port 0.
      expect(run.stdout).not.toContain('127.0.0.1:0');
      expect(run.stdout).toContain('on a free port of 127.0.0.1 that Next.js picks and prints below');
      expect(run.stderr).toContain('GROQ_LOG must be one of off, error, warn, info, debug, got "loud"; using warn.');
      mock.resetStats();
      const response = await askHello(run.url);
      expect(response.status).toBe(200);
      await response.text();
      expect(mock.stats().requests).toBe(1);
    } finally {
      await run.stop();
    }
  });

  // As the web client and groq-stream's CLI read them, and as the Express demo does: `GROQ_API_KEY= ` in a shell is
  // no key. Each start-up line is checked before any chat, which goes only to a mock on 127.0.0.1.
  test.each<{ name: string; settings: Record<string, string> }>([
    { name: 'GROQ_API_KEY', settings: { GROQ_API_KEY: ' \t ' } },
    { name: 'GROQ_BASE_URL', settings: { GROQ_BASE_URL: ' \t ' } },
    { name: 'GROQ_API_KEY and GROQ_BASE_URL', settings: { GROQ_API_KEY: '  ', GROQ_BASE_URL: '  ' } },
    // It stopped the start: 'GROQ_MAX_RETRIES must be an integer of at least 0, got " \t ".'
    { name: 'GROQ_MAX_RETRIES', settings: { GROQ_MAX_RETRIES: ' \t ' } },
    // Passed on to `next start --hostname`, which then listened on no address the start-up line could name.
    { name: 'HOST', settings: { HOST: ' \t ' } },
  ])('takes a $name of only blanks as unset: its own mock server answers', async ({ settings }) => {
    const run = await runStartScript(settings);
    try {
      expect(run.url, `Next.js did not start (exit code ${run.code}):\n${run.stdout}${run.stderr}`).toBeDefined();
      expect(run.stdout).toMatch(/Answers come from the mock Groq server at http:\/\/127\.0\.0\.1:\d+: /);
      const response = await askHello(run.url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('data: [DONE]');
    } finally {
      await run.stop();
    }
  });

  test('takes a GROQ_API_KEY of only blanks as unset beside a GROQ_BASE_URL: a placeholder key is sent', async () => {
    const run = await runStartScript({ GROQ_API_KEY: ' \t ', GROQ_BASE_URL: mock.url });
    try {
      expect(run.url, `Next.js did not start (exit code ${run.code}):\n${run.stdout}${run.stderr}`).toBeDefined();
      expect(run.stdout).toContain(`Answers come from the server at ${mock.url} (no GROQ_API_KEY: sending a placeholder key).`);
      mock.resetStats();
      const response = await askHello(run.url);
      expect(response.status).toBe(200);
      await response.text();
      expect(mock.stats().streamsCompleted).toBe(1);
    } finally {
      await run.stop();
    }
  });

  test('takes a GROQ_BASE_URL of only blanks beside a key as unset: Groq, which is not asked here (lib/groq.test.ts reads the routes\' client)', async () => {
    const run = await runStartScript({ GROQ_API_KEY: 'test-key', GROQ_BASE_URL: ' \t ' });
    await run.stop();
    expect(run.url, `Next.js did not start (exit code ${run.code}):\n${run.stdout}${run.stderr}`).toBeDefined();
    expect(run.stdout).toContain('Answers come from the real Groq API at https://api.groq.com (GROQ_API_KEY is set).');
  });

  // They said where the answers came from, but not which model was asked, so a GROQ_MODEL with a typo, or one left
  // set in the shell, showed only in the answers; and "Groq" did not say it was the real API, which spends the key.
  const startKey = 'gsk_Wq3secretZx9tail';
  const defaultModelLine = '  Model: llama-3.3-70b-versatile (the default; set GROQ_MODEL to ask for another).';
  test.each<{ name: string; settings: () => Record<string, string>; answers: () => string | RegExp; model: string; asked?: string }>([
    { name: 'the mock, the default model', settings: () => ({}), answers: () => /^ {2}Answers come from the mock Groq server at http:\/\/127\.0\.0\.1:\d+: made-up answers/, model: defaultModelLine },
    {
      name: 'the mock, GROQ_MODEL',
      settings: () => ({ GROQ_MODEL: ' llama-3.1-8b-instant ' }),
      answers: () => /^ {2}Answers come from the mock Groq server at /,
      model: '  Model: llama-3.1-8b-instant (GROQ_MODEL is set), which the mock does not check: it answers any model.',
    },
    { name: 'the real Groq API', settings: () => ({ GROQ_API_KEY: startKey }), answers: () => '  Answers come from the real Groq API at https://api.groq.com (GROQ_API_KEY is set).', model: defaultModelLine },
    {
      name: 'another server, GROQ_MODEL',
      settings: () => ({ GROQ_API_KEY: startKey, GROQ_BASE_URL: mock.url, GROQ_MODEL: 'openai/gpt-oss-20b' }),
      answers: () => `  Answers come from the server at ${mock.url}.`,
      model: '  Model: openai/gpt-oss-20b (GROQ_MODEL is set).',
      asked: 'openai/gpt-oss-20b',
    },
  ])('the start-up lines say where the answers come from and name the model, never quoting the key: $name', async ({ settings, answers, model, asked }) => {
    const run = await runStartScript(settings());
    try {
      expect(run.url, `Next.js did not start (exit code ${run.code}):\n${run.stdout}${run.stderr}`).toBeDefined();
      const lines = run.stdout.split('\n');
      const expected = answers();
      expect(lines.some((line) => (typeof expected === 'string' ? line === expected : expected.test(line))), run.stdout).toBe(true);
      expect(lines, run.stdout).toContain(model);
      if (asked !== undefined) {
        // The model the line names is the one the routes ask for.
        const response = await askHello(run.url);
        await response.text();
        expect(mock.requests().at(-1)?.body).toMatchObject({ model: asked });
      }
    } finally {
      await run.stop();
    }
    for (const part of ['Wq3', 'secret', 'Zx9tail']) expect(`${run.stdout}${run.stderr}`).not.toContain(part);
  });

  test('takes a PORT of only blanks as unset: the default port, 3001', async () => {
    // It stopped the start: 'PORT must be an integer from 0 to 65535, got " ".' The line below is printed as Next.js is
    // spawned, whether or not 3001 is free on this machine (when it is not, Next.js then stops, and so does the run).
    const run = await runStartScript({ GROQ_API_KEY: 'test-key', GROQ_BASE_URL: mock.url, PORT: ' \t ' }, []);
    await run.stop();
    expect(run.stderr).not.toContain('PORT must be');
    expect(run.stdout).toContain('groq-stream Next.js demo: http://127.0.0.1:3001 (edge route: http://127.0.0.1:3001/?runtime=edge)');
  });

  describe('with an apps/next-demo/.env.local', () => {
    // The files `next start` reads (NODE_ENV=production). The tests write .env.local into the app itself and
    // always remove it; they run one after another (as every test in this file does), never sharing the file.
    const envFiles = ['.env.production.local', '.env.local', '.env.production', '.env'];
    const envLocal = path.join(appDir, '.env.local');
    const fileKey = 'gsk_key_from_env_file';
    // Both answer only to the file's key: a 200 through them shows that the key from .env.local was sent.
    let fileServer: MockGroqServer;
    let envServer: MockGroqServer;

    beforeAll(async () => {
      const present = envFiles.filter((name) => existsSync(path.join(appDir, name)));
      if (present.length > 0) {
        throw new Error(`apps/next-demo has ${present.join(', ')}: move it aside while these tests run (they write their own .env.local and would read yours).`);
      }
      fileServer = await createMockGroqServer({ tokens: 3, apiKeys: [fileKey] });
      envServer = await createMockGroqServer({ tokens: 3, apiKeys: [fileKey] });
    });

    afterAll(async () => {
      await fileServer?.close();
      await envServer?.close();
    });

    /** Runs the start script with `lines` in .env.local, then removes the file, whatever happened. */
    async function withEnvLocal<T>(lines: string[], body: () => Promise<T>): Promise<T> {
      await writeFile(envLocal, `${lines.join('\n')}\n`, { flag: 'wx' });
      try {
        return await body();
      } finally {
        await rm(envLocal, { force: true });
      }
    }

    /** POSTs a chat message to the app at `url` and reads the whole answer. */
    async function chat(url: string): Promise<Response> {
      const response = await fetch(new URL('/api/chat', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello!' }] }),
      });
      await response.text();
      return response;
    }

    test('refuses a GROQ_MAX_RETRIES from the file with one line naming it and the file', async () => {
      const run = await withEnvLocal(['GROQ_MAX_RETRIES=many'], async () => {
        const started = await runStartScript({});
        await started.stop();
        return started;
      });
      expect(run.url, `Next.js started:\n${run.stdout}${run.stderr}`).toBeUndefined();
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^next-demo: GROQ_MAX_RETRIES \(set in \.env\.local\) must be an integer of at least 0, got "many": set it to a number of retries, such as 2, or unset it for the default\. Next\.js was not started\.$/);
      expect(lines[0]).toContain('"many"');
      expect(run.stdout).toBe('');
    });

    test('sends chat requests to the GROQ_BASE_URL of the file, with its GROQ_API_KEY, and never prints the key', async () => {
      await withEnvLocal([`GROQ_API_KEY=${fileKey}`, `GROQ_BASE_URL=${fileServer.url}`], async () => {
        const run = await runStartScript({});
        try {
          expect(run.url, `Next.js did not start (exit code ${run.code}):\n${run.stdout}${run.stderr}`).toBeDefined();
          fileServer.resetStats();
          expect((await chat(run.url!)).status).toBe(200);
          expect(fileServer.stats().requests).toBe(1);
          const origin = new URL(fileServer.url).origin;
          expect(run.stdout).toContain(`Answers come from the server at ${origin} (GROQ_BASE_URL is set in .env.local, GROQ_API_KEY is set in .env.local).`);
        } finally {
          await run.stop();
        }
        expect(`${run.stdout}${run.stderr}`).not.toContain(fileKey);
      });
    });

    test('names the GROQ_MODEL of the file and its file in the start-up lines, and asks for it', async () => {
      await withEnvLocal([`GROQ_API_KEY=${fileKey}`, `GROQ_BASE_URL=${fileServer.url}`, 'GROQ_MODEL=llama-3.1-8b-instant'], async () => {
        const run = await runStartScript({});
        try {
          expect(run.url, `Next.js did not start (exit code ${run.code}):\n${run.stdout}${run.stderr}`).toBeDefined();
          expect(run.stdout.split('\n')).toContain('  Model: llama-3.1-8b-instant (GROQ_MODEL is set in .env.local).');
          expect((await chat(run.url!)).status).toBe(200);
          expect(fileServer.requests().at(-1)?.body).toMatchObject({ model: 'llama-3.1-8b-instant' });
        } finally {
          await run.stop();
        }
        expect(`${run.stdout}${run.stderr}`).not.toContain(fileKey);
      });
    });

    test('lets the environment win over the file, as Next.js does', async () => {
      const lines = [`GROQ_API_KEY=${fileKey}`, `GROQ_BASE_URL=${fileServer.url}`, 'GROQ_MAX_RETRIES=many'];
      await withEnvLocal(lines, async () => {
        // The key alone comes from the file; the environment's URL and retries replace the file's.
        const run = await runStartScript({ GROQ_BASE_URL: envServer.url, GROQ_MAX_RETRIES: '0' });
        try {
          expect(run.url, `Next.js did not start (exit code ${run.code}):\n${run.stdout}${run.stderr}`).toBeDefined();
          fileServer.resetStats();
          envServer.resetStats();
          expect((await chat(run.url!)).status).toBe(200);
          expect(envServer.stats().requests).toBe(1);
          expect(fileServer.stats().requests).toBe(0);
          const origin = new URL(envServer.url).origin;
          expect(run.stdout).toContain(`Answers come from the server at ${origin} (GROQ_API_KEY is set in .env.local).`);
        } finally {
          await run.stop();
        }
      });
    });
  });
});
