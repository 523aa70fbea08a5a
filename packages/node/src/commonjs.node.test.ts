import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

// An app that requires this package (or has a CommonJS dependency that does) and imports @groq-stream/core
// must get one copy of core: two would have two Stream classes (`instanceof Stream` false for this package's
// streams) and two lists of remembered keys, so that this package's client's key was left in clear by
// core's redactSecretsDeep().
test('require() of this package and import() of core share one copy of core', () => {
  const script = `
    const node = require('@groq-stream/node');
    (async () => {
      const core = await import('@groq-stream/core');
      const different = Object.keys(core).filter((name) => name in node && name !== 'Groq' && node[name] !== core[name]);
      new node.Groq({ apiKey: 'proxy-token-0123456789' });
      process.stdout.write(JSON.stringify({
        different,
        subclass: node.Groq.prototype instanceof core.Groq,
        redacted: core.redactSecretsDeep('proxy-token-0123456789'),
      }));
    })();
  `;
  const output = execFileSync(process.execPath, ['-e', script], { cwd: packageRoot, encoding: 'utf8' });
  expect(JSON.parse(output)).toEqual({ different: [], subclass: true, redacted: '[redacted]' });
});
