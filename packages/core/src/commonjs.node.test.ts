import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

// The CommonJS entry is the ES modules, loaded through require(esm) (Node >= 20.19), as is eventsource-parser.
test('the CommonJS entry loads with require() and parses a stream', () => {
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

// The CommonJS build was once a bundle, where esbuild renamed a class that refers to itself (`static {}`,
// `static hint`) to `_BadRequestError`: `console.log(error)` then printed `_RateLimitError: 429 ...` under
// require() and `RateLimitError: 429 ...` under import, and `Groq.name` was `_Groq`.
test('the CommonJS entry keeps the names of its classes, as the ES modules do', () => {
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

// The ES modules load the code of these methods with import() on first use, which must also work in modules
// that a require() loaded. All five are called before that import() has settled, so that each takes the path
// of a first use.
test('the CommonJS entry runs the Stream methods whose code the ES modules load on first use', () => {
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

// An app that imports the package while a CommonJS dependency of it requires it (or @groq-stream/node required
// over core imported) must get one copy: two would have two Stream and Groq classes (`instanceof Stream` false
// for the other's streams) and two lists of remembered keys, so that a key one copy's client remembered was
// left in clear by the other's redactSecretsDeep().
test('require() and import() of the package give one copy, with one list of remembered keys', () => {
  const script = `
    const required = require('@groq-stream/core');
    const requiredTest = require('@groq-stream/core/test');
    (async () => {
      const imported = await import('@groq-stream/core');
      const importedTest = await import('@groq-stream/core/test');
      const different = Object.keys(imported).filter((name) => required[name] !== imported[name]);
      const differentTest = Object.keys(importedTest).filter((name) => requiredTest[name] !== importedTest[name]);
      new required.Groq({ apiKey: 'proxy-token-0123456789' });
      new imported.Groq({ apiKey: 'other-token-9876543210' });
      const redacted = {
        byImported: imported.redactSecretsDeep('proxy-token-0123456789'),
        byRequired: required.redactSecretsDeep('other-token-9876543210'),
      };
      process.stdout.write(JSON.stringify({ different, differentTest, redacted }));
    })();
  `;
  const { stdout, stderr } = spawnSync(process.execPath, ['-e', script], { cwd: packageRoot, encoding: 'utf8' });
  expect(JSON.parse(stdout)).toEqual({ different: [], differentTest: [], redacted: { byImported: '[redacted]', byRequired: '[redacted]' } });
  // No ExperimentalWarning for require(esm) (Node 22.12.0 printed one for a require() from outside node_modules,
  // as here; 20.19.0, 20.20, 22.23 and 24.22 print none).
  expect(stderr).toBe('');
});
