import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { askChild, forkReady, stopChild } from './fork-ready.mjs';

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

describe('askChild', () => {
  it("resolves with the child's answer", async () => {
    const { child } = await forkReady(script("process.send({ type: 'ready' }); process.on('message', (m) => process.send({ type: m.type, answer: 42 })); process.on('disconnect', () => process.exit(0));"), []);
    expect(await askChild(child, { type: 'memory' }, 'relay.mjs')).toEqual({ type: 'memory', answer: 42 });
    child.disconnect();
  });

  it('rejects when the child exits before it answers', async () => {
    const { child } = await forkReady(script("process.send({ type: 'ready' }); process.on('message', () => process.exit(5));"), []);
    await expect(askChild(child, { type: 'memory' }, 'relay.mjs')).rejects.toThrow(/relay\.mjs exited \(code 5\) before it answered "memory"/);
  });

  it('rejects when the child has exited already', async () => {
    const { child } = await forkReady(script("process.send({ type: 'ready' }); process.on('message', () => process.exit(5));"), []);
    const exited = once(child, 'exit');
    child.send({ type: 'bye' });
    await exited;
    await expect(askChild(child, { type: 'memory' }, 'relay.mjs')).rejects.toThrow(/relay\.mjs exited \(code 5\) before it answered "memory"/);
  });
});

describe('stopChild', () => {
  it('ends a running child', async () => {
    const { child } = await forkReady(script("process.send({ type: 'ready' }); setInterval(() => {}, 1000);"), []);
    await stopChild(child);
    expect(child.signalCode).toBe('SIGTERM');
  });

  it('resolves at once for a child that has exited already', async () => {
    const { child } = await forkReady(script("process.send({ type: 'ready' }); process.on('message', () => process.exit(5));"), []);
    const exited = once(child, 'exit');
    child.send({ type: 'bye' });
    await exited;
    await stopChild(child);
    expect(child.exitCode).toBe(5);
  });
});
