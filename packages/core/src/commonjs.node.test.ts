import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

// eventsource-parser is ESM-only: the CommonJS build must load it through require(esm) (Node >= 20.19).
test('the CommonJS build loads with require() and parses a stream', () => {
  const script = `
    const { Stream, GroqError } = require('./dist/index.cjs');
    const body = 'data: {"choices":[{"index":0,"delta":{"content":"hé"},"finish_reason":null}]}\\n\\n' +
      'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\\n\\ndata: [DONE]\\n\\n';
    (async () => {
      let text = '';
      for await (const chunk of Stream.fromSSEResponse(new Response(body))) text += chunk.choices[0].delta.content ?? '';
      process.stdout.write(JSON.stringify({ text, errorClass: typeof GroqError }));
    })();
  `;
  const output = execFileSync(process.execPath, ['-e', script], { cwd: packageRoot, encoding: 'utf8' });
  expect(JSON.parse(output)).toEqual({ text: 'hé', errorClass: 'function' });
});

// The CommonJS build is one bundle, where esbuild renames a class that refers to itself (`static {}`,
// `static hint`) to `_BadRequestError`: `console.log(error)` then printed `_RateLimitError: 429 ...` under
// require() and `RateLimitError: 429 ...` under import, and `Groq.name` was `_Groq`.
test('the CommonJS build keeps the names of its classes, as the ES modules do', () => {
  const script = `
    const { inspect } = require('node:util');
    const core = require('./dist/index.cjs');
    const renamed = Object.entries(core)
      .filter(([name, value]) => typeof value === 'function' && /^[A-Z]/.test(name) && value.name !== name)
      .map(([name, value]) => name + ' is named ' + value.name);
    const printed = inspect(new core.BadRequestError('bad')).split(':')[0];
    process.stdout.write(JSON.stringify({ renamed, printed }));
  `;
  const output = execFileSync(process.execPath, ['-e', script], { cwd: packageRoot, encoding: 'utf8' });
  expect(JSON.parse(output)).toEqual({ renamed: [], printed: 'BadRequestError' });
});

// The ES modules load the code of these methods with import() on first use; the CommonJS build is one bundle,
// where esbuild turns each import() into a promise of a module of the bundle. All five are called before that
// promise has settled, so that each takes the path of a first use.
test('the CommonJS build runs the Stream methods whose code the ES modules load on first use', () => {
  const script = `
    const { Stream } = require('./dist/index.cjs');
    const body = 'data: {"choices":[{"index":0,"delta":{"content":"hé"},"finish_reason":null}]}\\n\\n' +
      'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\\n\\ndata: [DONE]\\n\\n';
    const stream = () => Stream.fromSSEResponse(new Response(body));
    const all = async (iterator) => { const items = []; for await (const item of iterator) items.push(item); return items; };
    const read = {
      sse: new Response(stream().toSSEReadableStream({ heartbeatMs: 0 })).text(),
      ndjson: new Response(stream().toReadableStream()).text(),
      frames: all(stream().sseDataFrames()).then((frames) => frames.map(({ frame }) => frame).join('')),
      deltas: all(stream().textDeltas()),
      final: stream().finalChatCompletion().then((completion) => completion.choices[0].message.content),
    };
    (async () => {
      const result = {};
      for (const [name, promise] of Object.entries(read)) result[name] = await promise;
      process.stdout.write(JSON.stringify(result));
    })();
  `;
  const output = execFileSync(process.execPath, ['-e', script], { cwd: packageRoot, encoding: 'utf8' });
  const frames = 'data: {"choices":[{"index":0,"delta":{"content":"hé"},"finish_reason":null}]}\n\ndata: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n';
  expect(JSON.parse(output)).toEqual({
    sse: `${frames}data: [DONE]\n\n`,
    ndjson: '{"choices":[{"index":0,"delta":{"content":"hé"},"finish_reason":null}]}\n{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n',
    frames,
    deltas: ['hé'],
    final: 'hé',
  });
});
