import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockGroqServer, type MockGroqServer } from '@groq-stream/mock-server';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { Groq, type ChatCompletionChunk, type ChatCompletionCreateParamsNonStreaming } from '../index.js';
import { binPath, closedPortURL, eventually, killLeftoverChildren, packageVersion, spawnCli, testApiKey } from './cli-test-helpers.js';

// `groq-stream` as a user runs it: the built bin in a child process, against the mock server on port 0.

const prompt = 'Explain quantum computing';
const openSockets: Socket[] = [];
const model = 'llama-3.3-70b-versatile';
let mock: MockGroqServer;
let client: Groq;

beforeAll(async () => {
  mock = await createMockGroqServer();
  client = new Groq({ apiKey: testApiKey, baseURL: mock.url });
});
afterAll(() => mock.close());
afterEach(() => {
  killLeftoverChildren();
  mock.resetStats();
});

const envFor = (server: { url: string }) => ({ GROQ_API_KEY: testApiKey, GROQ_BASE_URL: server.url });

/** The mock's answer, from the library's non-streaming call. */
async function answerFor(params: Partial<ChatCompletionCreateParamsNonStreaming> = {}): Promise<string> {
  const completion = await client.chat.completions.create({ model, messages: [{ role: 'user', content: prompt }], ...params });
  return completion.choices[0]?.message.content ?? '';
}

/** One SSE frame of a chunk of choice 0, for the servers of its own that a test writes by hand. */
const frame = (delta: object, finishReason: string | null = null) =>
  `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;

/** Runs `body` with a mock of its own, e.g. one whose every request fails or that streams slowly. */
async function withMock(options: Parameters<typeof createMockGroqServer>[0], body: (server: MockGroqServer) => Promise<void>): Promise<void> {
  const server = await createMockGroqServer(options);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

describe('groq-stream', () => {
  test('is built as an executable ESM script with a node shebang', () => {
    expect(readFileSync(binPath, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  test('streams the answer to stdout, and nothing to stderr when it is not a terminal', async () => {
    const run = await spawnCli([prompt], { env: envFor(mock) });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(`${await answerFor()}\n`);
    expect(mock.requests()[0]?.body).toMatchObject({ model, messages: [{ role: 'user', content: prompt }], stream: true });
    expect(mock.stats()).toMatchObject({ streamsStarted: 1, streamsCompleted: 1 });
  });

  test("writes the model's text into a pipe as it came, escape codes and all, byte for byte (a terminal is shown them as escapes: see run-cli.test)", async () => {
    const pieces = ['clip \u001b]52;c;eA==\u0007 \u001b[2J', 'over\rwritten \u009b31m split \u001b', '[8mhidden\r', '\nend\r'];
    const hostile = createHttpServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`${pieces.map((content) => frame({ content })).join('')}${frame({}, 'stop')}data: [DONE]\n\n`);
    });
    hostile.listen(0, '127.0.0.1');
    await once(hostile, 'listening');
    try {
      const run = await spawnCli([prompt], { env: { GROQ_API_KEY: testApiKey, GROQ_BASE_URL: `http://127.0.0.1:${(hostile.address() as AddressInfo).port}` } });
      expect(run).toMatchObject({ code: 0, stderr: '', stdout: `${pieces.join('')}\n` });
    } finally {
      hostile.close();
      hostile.closeAllConnections();
    }
  });

  test('writes each piece as it arrives, before the server sends the next', async () => {
    // A server that sends the next chunk only once the one before is on stdout: a CLI that held any piece
    // back (until the end, or until more came) never gets the next, and the test times out.
    const words = ['Streams ', 'arrive ', 'one ', 'piece ', 'at ', 'a ', 'time.'];
    let stdout = '';
    let shown: (() => void) | undefined;
    const onOutput = (all: string) => {
      stdout = all;
      shown?.();
    };
    const onStdout = (text: string) =>
      new Promise<void>((resolve) => {
        shown = () => stdout.includes(text) && resolve();
        shown();
      });
    const sentBeforeShown: number[] = [];
    const stepping = createHttpServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      void (async () => {
        response.write(frame({ role: 'assistant', content: '' }));
        let text = '';
        for (const [index, word] of words.entries()) {
          response.write(frame({ content: word }));
          text += word;
          await onStdout(text);
          sentBeforeShown.push(index);
        }
        response.end(`${frame({}, 'stop')}data: [DONE]\n\n`);
      })();
    });
    stepping.listen(0, '127.0.0.1');
    await once(stepping, 'listening');
    try {
      const run = await spawnCli([prompt], { env: { GROQ_API_KEY: testApiKey, GROQ_BASE_URL: `http://127.0.0.1:${(stepping.address() as AddressInfo).port}` }, onOutput });
      expect(run).toMatchObject({ code: 0, stderr: '', stdout: `${words.join('')}\n` });
      expect(sentBeforeShown).toEqual(words.map((_, index) => index));
    } finally {
      stepping.close();
      stepping.closeAllConnections();
    }
  });

  test('joins the words of the prompt, or reads it from stdin', async () => {
    const answer = `${await answerFor()}\n`;
    expect((await spawnCli(prompt.split(' '), { env: envFor(mock) })).stdout).toBe(answer);
    expect(await spawnCli([], { env: envFor(mock), input: `${prompt}\n` })).toMatchObject({ code: 0, stdout: answer });
  });

  test('- is the prompt read from stdin, whatever stdin is: a socket or /dev/null too, which a prompt argument leaves unread', async () => {
    // spawn()'s 'pipe' is a socket on Linux and macOS: without -, the "other" kind of stdin that is read only for want of a prompt.
    const answer = `${await answerFor()}\n`;
    expect(await spawnCli(['-'], { env: envFor(mock), input: `${prompt}\n` })).toMatchObject({ code: 0, stdout: answer, stderr: '' });
    expect(mock.requests()[1]?.body).toMatchObject({ messages: [{ role: 'user', content: prompt }] });
    const empty = await spawnCli(['-'], { env: envFor(mock) });
    expect(empty).toMatchObject({
      code: 2,
      stderr:
        'groq-stream: No prompt: stdin was empty. Give the prompt as an argument (groq-stream "Explain quantum computing") or send it on stdin (echo "Explain quantum computing" | groq-stream).\nRun groq-stream --help for usage.\n',
    });
    expect(mock.requests()).toHaveLength(2);
  });

  test('a closed stdin (<&-) read for the prompt is said empty, with what to do, and nothing is sent', async () => {
    for (const args of [[], ['-']]) {
      const closed = spawn('sh', ['-c', 'exec "$0" "$@" <&-', process.execPath, binPath, ...args], { env: { PATH: process.env.PATH, ...envFor(mock) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      closed.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      closed.stdout!.resume();
      const [code] = (await once(closed, 'close')) as [number | null];
      expect(code).toBe(2);
      expect(stderr).toMatch(/^groq-stream: No prompt: stdin was empty\. Give the prompt as an argument \(groq-stream "Explain quantum computing"\) or send it on stdin \(echo "Explain quantum computing" \| groq-stream\)\.\n/);
    }
    expect(mock.stats().requests).toBe(0);
  });

  test('a - after the prompt reads stdin, a socket or /dev/null too, and sends its text after the prompt, not a \'-\' as a word of it', async () => {
    const run = await spawnCli(['Review this', '-'], { env: envFor(mock), input: 'diff --git a/x b/x\n' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(mock.requests()[0]?.body).toMatchObject({ messages: [{ role: 'user', content: 'Review this\n\ndiff --git a/x b/x' }] });
    // /dev/null (spawnCli's stdin without input): the text asked for did not come.
    const empty = await spawnCli(['Review this', '-'], { env: envFor(mock) });
    expect(empty).toMatchObject({ code: 2, stdout: '' });
    expect(empty.stderr).toMatch(/^groq-stream: stdin was empty, where - asked for text to send with the prompt\. /);
    expect(mock.requests()).toHaveLength(1);
  });

  test('a prompt argument with what a shell pipes or redirects into stdin: the prompt, a blank line, then the text', async () => {
    const diff = 'diff --git a/x b/x\n  indented line\n';
    const piped = spawn('sh', ['-c', 'printf "%s" "$DIFF" | exec "$0" "$@"', process.execPath, binPath, 'Review this'], {
      env: { PATH: process.env.PATH, ...envFor(mock), DIFF: diff },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [code] = (await once(piped, 'close')) as [number | null];
    expect(code).toBe(0);
    expect(mock.requests()[0]?.body).toMatchObject({ messages: [{ role: 'user', content: 'Review this\n\ndiff --git a/x b/x\n  indented line' }] });
    const directory = mkdtempSync(join(tmpdir(), 'groq-stream-cli-'));
    writeFileSync(join(directory, 'notes.txt'), '\ufeffmeeting notes\r\n');
    const file = openSync(join(directory, 'notes.txt'), 'r');
    try {
      expect(await spawnCli(['Summarize', 'these'], { env: envFor(mock), stdin: file })).toMatchObject({ code: 0, stderr: '' });
      expect(mock.requests()[1]?.body).toMatchObject({ messages: [{ role: 'user', content: 'Summarize these\n\nmeeting notes' }] });
    } finally {
      closeSync(file);
      rmSync(directory, { recursive: true });
    }
  });

  test('a prompt argument with a stdin left open and silent (Node\'s exec()) does not wait for it; --no-stdin never reads a pipe', async () => {
    expect(await spawnCli([prompt], { env: envFor(mock), stdin: 'open' })).toMatchObject({ code: 0, stderr: '' });
    expect(mock.requests()[0]?.body).toMatchObject({ messages: [{ role: 'user', content: prompt }] });
    // A pipe that a process manager or a script's earlier step left open (here a FIFO this test holds open):
    // without --no-stdin, the command would wait for its end.
    const directory = mkdtempSync(join(tmpdir(), 'groq-stream-cli-'));
    const fifo = join(directory, 'stdin');
    execFileSync('mkfifo', [fifo]);
    // Read and write: opening a FIFO so does not wait for the other end (Linux), and keeps a writer for ever.
    const open = openSync(fifo, 'r+');
    try {
      expect(await spawnCli(['--no-stdin', prompt], { env: envFor(mock), stdin: open })).toMatchObject({ code: 0, stderr: '' });
    } finally {
      closeSync(open);
      rmSync(directory, { recursive: true });
    }
    expect(mock.requests()[1]?.body).toMatchObject({ messages: [{ role: 'user', content: prompt }] });
  });

  test('--json prints each chunk as one JSON line and nothing else', async () => {
    const run = await spawnCli(['--json', prompt], { env: envFor(mock) });
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    const chunks = run.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as ChatCompletionChunk);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(await answerFor());
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.x_groq?.usage?.completion_tokens).toBeGreaterThan(0);
  });

  test('--model, --system and --max-tokens reach the request', async () => {
    const run = await spawnCli(['--model', 'llama-3.1-8b-instant', '--system', 'Answer in one sentence.', '--max-tokens', '5', prompt], { env: envFor(mock) });
    expect(run.code).toBe(0);
    expect(mock.requests()[0]?.body).toEqual({
      model: 'llama-3.1-8b-instant',
      messages: [
        { role: 'system', content: 'Answer in one sentence.' },
        { role: 'user', content: prompt },
      ],
      stream: true,
      max_completion_tokens: 5,
    });
    expect(run.stdout).toBe(`${await answerFor({ max_completion_tokens: 5 })}\n`);
  });

  test('--help and --version', async () => {
    const help = await spawnCli(['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: groq-stream/);
    expect(help.stdout).toContain('--max-tokens');
    expect(await spawnCli(['--version'])).toMatchObject({ code: 0, stdout: `${packageVersion}\n` });
  });

  test('--help into a pipe its reader closed at once (`groq-stream --help | true`): exit 0, no stack trace', async () => {
    const child = spawn(process.execPath, [binPath, '--help'], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed long before node has started and written the usage.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const [code] = (await once(child, 'close')) as [number | null];
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});

describe('the key', () => {
  test('a server that echoes it into the answer, whole or split over chunks: not printed, as text or --json', async () => {
    const chunk = (content: string) => frame({ content });
    // A gateway that puts the request's authorization header in its answer, as a debugging echo would.
    const echo = createHttpServer((request, response) => {
      request.resume();
      const key = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`${chunk(`Your key is ${key}; in two: `)}${chunk(key.slice(0, 10))}${chunk(`${key.slice(10)} ok`)}${frame({}, 'stop')}data: [DONE]\n\n`);
    });
    echo.listen(0, '127.0.0.1');
    await once(echo, 'listening');
    try {
      const env = { GROQ_API_KEY: testApiKey, GROQ_BASE_URL: `http://127.0.0.1:${(echo.address() as AddressInfo).port}` };
      const text = await spawnCli([prompt], { env });
      expect(text).toMatchObject({ code: 0, stderr: '', stdout: 'Your key is [redacted]; in two: [redacted] ok\n' });
      const json = await spawnCli(['--json', prompt], { env });
      expect(json).toMatchObject({ code: 0, stderr: '' });
      expect(json.stdout).not.toContain(testApiKey.slice(10));
      const lines = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as ChatCompletionChunk);
      expect(lines.map((line) => line.choices[0]?.delta.content ?? '').join('')).toBe('Your key is [redacted]; in two: [redacted] ok');
      expect(lines.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    } finally {
      echo.close();
      echo.closeAllConnections();
    }
  });

  test('a 401 that echoes the authorization header in its message, its request id and its param: 3, never printed, not with GROQ_LOG=debug', async () => {
    const echo = createHttpServer((request, response) => {
      request.resume();
      const authorization = request.headers.authorization ?? '';
      response.writeHead(401, { 'content-type': 'application/json', 'x-request-id': `req_${authorization.replace(/^Bearer /, '')}` });
      response.end(JSON.stringify({ error: { message: `Invalid API Key: ${authorization}`, type: 'invalid_request_error', code: 'invalid_api_key', param: authorization } }));
    });
    echo.listen(0, '127.0.0.1');
    await once(echo, 'listening');
    try {
      // A Groq key, and a gateway's token of another shape, which only the command knows to be a key.
      for (const key of [testApiKey, 'gateway-token-9f8e7d6c5b4a']) {
        const run = await spawnCli([prompt], { env: { GROQ_API_KEY: key, GROQ_BASE_URL: `http://127.0.0.1:${(echo.address() as AddressInfo).port}`, GROQ_LOG: 'debug' } });
        expect(run).toMatchObject({ code: 3, stdout: '' });
        expect(run.stderr).toMatch(/^groq-stream: 401 Invalid API Key: Bearer \[redacted\]/m);
        expect(run.stderr).toMatch(/check GROQ_API_KEY/);
        expect(run.stderr).not.toContain(key.slice(-12));
      }
    } finally {
      echo.close();
      echo.closeAllConnections();
    }
  });
});

describe('exit codes', () => {
  test.each([
    [['--temperature', '1', prompt], /Unknown option --temperature\. A prompt that starts with "-" goes after --/],
    [['--max-tokens', '0', prompt], /--max-tokens must be an integer of at least 1, got "0"/],
    [['--model'], /argument missing/],
    [[], /No prompt: stdin was empty/],
    [['--no-stdin'], /No prompt: give it as an argument; --no-stdin leaves stdin unread/],
  ])('2 for a usage error: %j', async (args, message) => {
    const run = await spawnCli(args, { env: envFor(mock) });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain('groq-stream --help');
    expect(mock.stats().requests).toBe(0);
  });

  test('2 for a directory on stdin (`groq-stream < /`), said as such, with a prompt argument or without', async () => {
    const directory = openSync(tmpdir(), 'r');
    try {
      for (const args of [[], [prompt]]) {
        const run = await spawnCli(args, { env: envFor(mock), stdin: directory });
        expect(run).toMatchObject({ code: 2, stdout: '' });
        expect(run.stderr).toMatch(/^groq-stream: stdin is a directory, not text\. Redirect a file instead, as in: groq-stream < prompt\.txt\n/);
      }
    } finally {
      closeSync(directory);
    }
    expect(mock.stats().requests).toBe(0);
  });

  test('2 for a stdin open for writing only (`groq-stream Hi 0>file`, likely meant as <), said as such, with a prompt argument or without', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'groq-stream-cli-'));
    const file = openSync(join(directory, 'prompt.txt'), 'w');
    // A pipe's end to write to (bash's `0> >(cat)`), here a FIFO's: Node refuses to read it otherwise (ENOTCONN).
    execFileSync('mkfifo', [join(directory, 'fifo')]);
    const reader = openSync(join(directory, 'fifo'), 'r+');
    const pipe = openSync(join(directory, 'fifo'), 'w');
    try {
      for (const stdin of [file, pipe]) {
        for (const args of [[], ['-'], [prompt]]) {
          const run = await spawnCli(args, { env: envFor(mock), stdin });
          expect(run).toMatchObject({ code: 2, stdout: '' });
          expect(run.stderr).toBe('groq-stream: stdin cannot be read: it is open for writing only, as 0>file opens it. Redirect a file with < instead, as in: groq-stream < prompt.txt\nRun groq-stream --help for usage.\n');
        }
      }
    } finally {
      for (const fd of [file, pipe, reader]) closeSync(fd);
      rmSync(directory, { recursive: true });
    }
    expect(mock.stats().requests).toBe(0);
  });

  test.skipIf(process.platform !== 'linux')('2 for a prompt argument that is not UTF-8 (Latin-1 from a terminal set to it), which Node would send with U+FFFD', async () => {
    // Arguments from Node's spawn() are always UTF-8: a shell's printf gives the byte.
    const child = spawn('sh', ['-c', 'exec "$0" "$1" "$(printf "caf\\351")"', process.execPath, binPath], {
      env: { PATH: process.env.PATH, ...envFor(mock) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toMatch(/^groq-stream: The argument "caf\ufffd" is not UTF-8 text: is the terminal set to another encoding\? /);
    expect(mock.stats().requests).toBe(0);
  });

  test('2 without GROQ_API_KEY, saying how to set one or to use the mock', async () => {
    const run = await spawnCli([prompt], { env: { GROQ_BASE_URL: mock.url } });
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toContain('GROQ_API_KEY is not set');
    expect(run.stderr).toContain('https://console.groq.com/keys');
    expect(run.stderr).toContain('npx -p @groq-stream/mock-server groq-stream-mock --port 0');
    expect(run.stderr).toContain('GROQ_BASE_URL=');
    // GROQ_API_KEY=any is refused by a mock started with --api-key: the message says so.
    expect(run.stderr).toContain('unless started with --api-key: then give one of those keys');
    expect(mock.stats().requests).toBe(0);
  });

  test('3 for an API error, with the SDK message and never the key', async () => {
    await withMock({ scenario: 'rate-limit' }, async (limited) => {
      const run = await spawnCli(['--max-retries', '0', prompt], { env: envFor(limited) });
      expect(run).toMatchObject({ code: 3, stdout: '' });
      expect(run.stderr).toMatch(/^groq-stream: 429 Rate limit reached for model .* \[POST \/openai\/v1\/chat\/completions, request req_\w+\]/);
      expect(run.stderr).not.toContain(testApiKey);
      expect(limited.stats().requests).toBe(1);
    });
  });

  test('3 for a server error, after the retries', async () => {
    await withMock({ scenario: 'server-error' }, async (failing) => {
      const run = await spawnCli(['--max-retries', '1', prompt], { env: envFor(failing) });
      expect(run).toMatchObject({ code: 3, stdout: '' });
      expect(run.stderr).toMatch(/^groq-stream: 500 /);
      expect(failing.stats().requests).toBe(2);
    });
  });

  test('3 for an error in the middle of the stream, after the text before it', async () => {
    await withMock({ scenario: 'mid-stream-error' }, async (failing) => {
      const run = await spawnCli([prompt], { env: envFor(failing) });
      expect(run.code).toBe(3);
      expect((await answerFor()).startsWith(run.stdout.trimEnd())).toBe(true);
      expect(run.stdout.length).toBeGreaterThan(1);
      expect(run.stderr).toMatch(/^groq-stream: The server reported an error mid-stream: /);
    });
  });

  test('3 for a stream of only [DONE], which holds no answer; an answer with no text is exit 0, said on stderr', async () => {
    const doneOnly = createHttpServer((request, response) => {
      request.resume();
      response.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_done_only' }).end('data: [DONE]\n\n');
    });
    doneOnly.listen(0, '127.0.0.1');
    await once(doneOnly, 'listening');
    try {
      const run = await spawnCli([prompt], { env: { GROQ_API_KEY: testApiKey, GROQ_BASE_URL: `http://127.0.0.1:${(doneOnly.address() as AddressInfo).port}` } });
      expect(run).toMatchObject({
        code: 3,
        stdout: '',
        stderr: 'groq-stream: The server sent no answer (request req_done_only): its stream held no chunk, only its end ([DONE]). Retry; if it keeps happening, try another --model.\n',
      });
    } finally {
      doneOnly.close();
    }
    await withMock({ tokens: 0 }, async (empty) => {
      const run = await spawnCli([prompt], { env: envFor(empty) });
      expect(run).toMatchObject({ code: 0, stdout: '', stderr: 'groq-stream: The answer is empty: the model sent no text (finish reason stop).\n' });
    });
  });

  test('4 when nothing listens', async () => {
    const run = await spawnCli(['--max-retries', '0', prompt], { env: { GROQ_API_KEY: testApiKey, GROQ_BASE_URL: await closedPortURL() } });
    expect(run).toMatchObject({ code: 4, stdout: '' });
    expect(run.stderr).toMatch(/^groq-stream: The request got no response: .*ECONNREFUSED/);
  });

  test('4 at --timeout through a proxy that never answers: the open tunnel does not keep the command waiting', async () => {
    const silent = createNetServer((socket) => void openSockets.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const proxy = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      // The proxy never answers nor closes: before, the command printed the timeout and then waited for the
      // socket for ever, and this test failed by its own timeout.
      const run = await spawnCli(['--max-retries', '0', '--timeout', '1', prompt], { env: { ...envFor(mock), HTTP_PROXY: proxy } });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/^groq-stream: Request timed out after 1000 ms/);
    } finally {
      silent.close();
      for (const socket of openSockets.splice(0)) socket.destroy();
    }
  }, 20_000);

  test('4 for a truncated stream', async () => {
    await withMock({ scenario: 'drop' }, async (dropping) => {
      const run = await spawnCli([prompt], { env: envFor(dropping) });
      expect(run.code).toBe(4);
      expect(run.stdout.length).toBeGreaterThan(1);
      expect(run.stderr).toMatch(/^groq-stream: The (response body broke off in the middle of the stream|stream ended before it was complete)/);
    });
  });

  test('4 for a stream that stalls longer than --timeout', async () => {
    await withMock({ scenario: 'stall' }, async (stalling) => {
      // 2 s: --timeout is also the wait for the headers, which must beat it when this process is slow to answer
      // on a loaded machine (at 0.3 s the run could time out before the stream began).
      const run = await spawnCli(['--timeout', '2', prompt], { env: envFor(stalling) });
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/^groq-stream: The stream received no event for 2000 ms/);
      // The advice names the flag, not the library option.
      expect(run.stderr).toMatch(/raise --timeout\.\n$/);
      await eventually(() => stalling.stats().streamsAborted === 1);
    });
  });

  test('130 on Ctrl-C mid-stream: quiet, the upstream stream aborted, and the command ends by SIGINT itself', async () => {
    // 72,000 tokens at 20 a second: the answer takes an hour, so a command that ignored the interrupt and
    // waited for the end could only fail by the test's timeout.
    await withMock({ tokensPerSecond: 20, tokens: 72_000 }, async (paced) => {
      const run = await spawnCli([prompt], { env: envFor(paced), onFirstOutput: (child) => child.kill('SIGINT') });
      // Killed by SIGINT, which a shell shows as 130: an exit(130) reads to a shell as a command that handled
      // Ctrl-C itself, and a loop or script that ran it (`for f in *.txt; do groq-stream < "$f"; done`) goes on.
      expect(run).toMatchObject({ code: null, signal: 'SIGINT', stderr: '' });
      // The text so far stays, its line ended, once it is out.
      expect(run.stdout.length).toBeGreaterThan(1);
      expect(run.stdout.endsWith('\n')).toBe(true);
      await eventually(() => paced.stats().streamsAborted === 1);
      expect(paced.stats().streamsCompleted).toBe(0);
    });
  });

  test('130 on Ctrl-C while the response headers are awaited: quiet, and the upstream request let go', async () => {
    // Headers an hour away: a command that waited for them could only end by the test's timeout.
    await withMock({ scenario: 'slow-headers', ttftMs: 3_600_000 }, async (slow) => {
      const run = await spawnCli([prompt], {
        env: envFor(slow),
        onSpawn: (child) => void eventually(() => slow.stats().streamsStarted === 1, 10_000).then(() => child.kill('SIGINT'), () => undefined),
      });
      expect(run).toMatchObject({ code: null, signal: 'SIGINT', stdout: '', stderr: '' });
      await eventually(() => slow.stats().streamsAborted === 1);
      expect(slow.stats()).toMatchObject({ requests: 1, streamsStarted: 1, streamsCompleted: 0 });
    });
  });

  test('130 on Ctrl-C while the command waits to retry a 429: quiet, and no second attempt is sent', async () => {
    // The mock asks for 1 s before the retry; the interrupt comes as soon as the first attempt is counted.
    await withMock({ scenario: 'rate-limit' }, async (limited) => {
      const run = await spawnCli([prompt], {
        env: envFor(limited),
        onSpawn: (child) => void eventually(() => limited.stats().requests === 1, 10_000).then(() => child.kill('SIGINT'), () => undefined),
      });
      expect(run).toMatchObject({ code: null, signal: 'SIGINT', stdout: '', stderr: '' });
      // The command is gone: a second attempt could only have come before its end.
      expect(limited.stats().requests).toBe(1);
    });
  });

  test('SIGTERM mid-stream ends the command by that signal (143 in a shell), and the upstream stream is aborted', async () => {
    await withMock({ tokensPerSecond: 20, tokens: 72_000 }, async (paced) => {
      const run = await spawnCli([prompt], { env: envFor(paced), onFirstOutput: (child) => child.kill('SIGTERM') });
      expect(run).toMatchObject({ code: null, signal: 'SIGTERM', stderr: '' });
      await eventually(() => paced.stats().streamsAborted === 1);
      expect(paced.stats().streamsCompleted).toBe(0);
    });
  });

  test('5 when stdout cannot take the answer (/dev/full), saying so on stderr', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, [binPath, prompt], { env: { PATH: process.env.PATH, ...envFor(mock) }, stdio: ['ignore', full, 'pipe'] });
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const [code] = (await once(child, 'close')) as [number | null];
      expect({ code, stderr }).toEqual({ code: 5, stderr: 'groq-stream: cannot write the answer: ENOSPC: no space left on device, write\n' });
    } finally {
      closeSync(full);
    }
  });

  test('0 when the reader of stdout goes mid-stream (`| head -c 10`): quiet, and the upstream stream is aborted', async () => {
    // A real pipe, closed by its reader: the next write fails with EPIPE, which must neither print a stack trace
    // nor leave the command waiting for an answer that takes an hour.
    await withMock({ tokensPerSecond: 20, tokens: 72_000 }, async (paced) => {
      const run = await spawnCli([prompt], { env: envFor(paced), onFirstOutput: (child) => child.stdout!.destroy() });
      expect(run).toMatchObject({ code: 0, signal: null, stderr: '' });
      await eventually(() => paced.stats().streamsAborted === 1);
      expect(paced.stats().streamsCompleted).toBe(0);
    });
  });
});
