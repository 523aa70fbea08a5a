import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forkReady } from './fork-ready.mjs';

const script = (text) => {
  const path = join(mkdtempSync(join(tmpdir(), 'fork-ready-')), 'child.mjs');
  writeFileSync(path, text);
  return path;
};

describe('forkReady', () => {
  it('resolves with the child and its first message', async () => {
    const { child, message } = await forkReady(script("process.send({ type: 'ready', url: 'http://x' }); process.on('disconnect', () => process.exit(0));"), []);
    expect(message).toEqual({ type: 'ready', url: 'http://x' });
    child.disconnect();
  });

  it('rejects when the child exits before it says it is ready', async () => {
    await expect(forkReady(script('process.exit(3);'), [])).rejects.toThrow(/exited \(code 3\) before it was ready/);
  });
});
