import { describe, expect, test } from 'vitest';
import { createTestBody } from './create-test-body.js';

const pieces = [new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([4, 5, 6])];
const PENDING = Symbol('pending');
const settledWithin = <T>(promise: Promise<T>, ms: number): Promise<T | typeof PENDING> =>
  Promise.race([promise, new Promise<typeof PENDING>((resolve) => setTimeout(() => resolve(PENDING), ms))]);

describe('createTestBody', () => {
  test('hands out one piece per read, as given, then closes', async () => {
    const { body, stats } = createTestBody(pieces);
    const reader = body.getReader();
    expect(stats.piecesPulled).toBe(0); // nothing is pulled before the first read

    const first = await reader.read();
    expect(first.value).toBe(pieces[0]); // the same view, not a copy
    expect(stats.piecesPulled).toBe(1);

    expect((await reader.read()).value).toBe(pieces[1]);
    expect((await reader.read()).value).toBe(pieces[2]);
    expect(stats.closed).toBe(true);
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(stats).toMatchObject({ piecesPulled: 3, cancelCalls: 0, cancelled: false });
  });

  test('with breakWith, hands out every piece, then fails the next read with the reason', async () => {
    const reason = new TypeError('terminated');
    const { body, stats } = createTestBody(pieces, { breakWith: reason });
    const reader = body.getReader();
    for (const piece of pieces) expect((await reader.read()).value).toBe(piece);
    await expect(reader.read()).rejects.toBe(reason);
    expect(stats.closed).toBe(false);
    await expect(createTestBody([], { breakWith: reason }).body.getReader().read()).rejects.toBe(reason);
  });

  test('encodes string pieces as UTF-8', async () => {
    const { body } = createTestBody(['data: é\n\n']);
    const { value } = await body.getReader().read();
    expect([...value!]).toEqual([...new TextEncoder().encode('data: é\n\n')]);
  });

  test('counts cancel calls and keeps the reason', async () => {
    const { body, stats } = createTestBody(pieces);
    const reader = body.getReader();
    await reader.read();
    await reader.cancel('enough');
    expect(stats).toMatchObject({ piecesPulled: 1, cancelCalls: 1, cancelled: true, cancelReason: 'enough', closed: false });
  });

  test('with holdOpen, never ends after the last piece until the reader cancels', async () => {
    const { body, stats } = createTestBody(pieces, { holdOpen: true });
    const reader = body.getReader();
    for (let i = 0; i < pieces.length; i++) await reader.read();

    const next = reader.read();
    expect(await settledWithin(next, 30)).toBe(PENDING);
    expect(stats.closed).toBe(false);

    await reader.cancel();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(stats).toMatchObject({ piecesPulled: 3, cancelCalls: 1, cancelled: true, closed: false });
  });

  test('with delayMs, waits before each piece', async () => {
    const { body, stats } = createTestBody(pieces.slice(0, 2), { delayMs: 40 });
    const reader = body.getReader();
    const first = reader.read();
    expect(await settledWithin(first, 5)).toBe(PENDING);
    expect((await first).value).toBe(pieces[0]);
    expect((await reader.read()).value).toBe(pieces[1]);
    expect((await reader.read()).done).toBe(true);
    expect(stats.piecesPulled).toBe(2);
  });

  test('a cancel during a delay hands out nothing more', async () => {
    const { body, stats } = createTestBody(pieces, { delayMs: 20 });
    const reader = body.getReader();
    const first = reader.read();
    await reader.cancel();
    expect(await first).toEqual({ done: true, value: undefined });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(stats).toMatchObject({ piecesPulled: 0, cancelCalls: 1 });
  });
});
