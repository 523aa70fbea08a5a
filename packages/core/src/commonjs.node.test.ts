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
