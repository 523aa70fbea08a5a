import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const demoPath = fileURLToPath(new URL('./demo.mjs', import.meta.url));
const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

test('Ctrl-C ends the demo by SIGINT, as it ends the command, so a shell loop that runs it stops too', async () => {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`pnpm build\` before this test.`);
  // Without GROQ_API_KEY the demo answers from the mock, at 30 tokens/s: seconds, which the interrupt cuts short.
  const demo = spawn(process.execPath, [demoPath], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  demo.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
  // The demo's own SIGINT (as turbo passes one on), once the answer has begun.
  demo.stdout.once('data', () => demo.kill('SIGINT'));
  const [code, signal] = await once(demo, 'close');
  expect(stderr).toContain('$ groq-stream');
  // An exit with 130 reads to a shell as a program that handled Ctrl-C itself, and `for ...; do node scripts/demo.mjs; done` went on.
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGINT' });
});
