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
