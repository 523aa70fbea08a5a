import { expect, test, vi } from 'vitest';
import { isKeySeparator } from './redact-secrets.js';
import { SplitKeyGuard } from './split-key-guard.js';

// The guard's work, counted rather than timed: each separator it steps over while it follows a key is one call.
vi.mock('./redact-secrets.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./redact-secrets.js')>();
  return { ...actual, isKeySeparator: vi.fn(actual.isKeySeparator) };
});

const chunkOf = (content: string) => ({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null }] });

/** Separators stepped over for a key's start (`start`, its first piece gone out), followed by `pieces` pieces of two spaces. */
function workFor(pieces: number, start = ['a gs', 'k_']): number {
  vi.mocked(isKeySeparator).mockClear();
  const guard = new SplitKeyGuard();
  for (const piece of start) guard.pass(chunkOf(piece));
  for (let piece = 0; piece < pieces; piece++) guard.pass(chunkOf('  '));
  return vi.mocked(isKeySeparator).mock.calls.length;
}

test('a key start followed by separators piece after piece costs nothing once they carry it 512 characters away', () => {
  // Separators may stand between a key's characters. Followed from a start that had gone out however far it
  // went, the key was held without end, and each piece was scanned with all the text before it: 12,000 pieces
  // took about 20 s of a relay's CPU for one stream.
  const work = workFor(600);
  expect(work).toBeGreaterThan(0);
  expect(workFor(1_200)).toBe(work);
});

test('a key begun in what went out, its letters followed by separators piece after piece, is held no further than 512 characters', () => {
  // Its pieces may go on after a separator (gsk_<30>\n<22> is one key), so it is held while they may: never past
  // the window, nor costing more per piece once they carry it away.
  const start = ['a gs', 'k', `_${'Ab3dEf5hIj'.repeat(3)}`];
  const work = workFor(600, start);
  expect(work).toBeGreaterThan(0);
  expect(workFor(1_200, start)).toBe(work);
});
