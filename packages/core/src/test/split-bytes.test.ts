import { describe, expect, test } from 'vitest';
import { splitBytes, splitEverywhere } from './split-bytes.js';

const bytes = Uint8Array.from({ length: 20 }, (_, index) => index);
const sizes = (pieces: Uint8Array[]): number[] => pieces.map((piece) => piece.length);
const join = (pieces: Uint8Array[]): number[] => pieces.flatMap((piece) => [...piece]);

describe('splitBytes', () => {
  test('splits into pieces of one size, the last one shorter', () => {
    const pieces = splitBytes(bytes, 6);
    expect(sizes(pieces)).toEqual([6, 6, 6, 2]);
    expect(join(pieces)).toEqual([...bytes]);
  });

  test('gives views of the bytes, not copies', () => {
    const pieces = splitBytes(bytes, 7);
    expect(pieces.every((piece) => piece.buffer === bytes.buffer)).toBe(true);
    expect(pieces[1]!.byteOffset).toBe(7);
  });

  test('uses a list of sizes in turn, repeating it', () => {
    expect(sizes(splitBytes(bytes, [1, 7, 3]))).toEqual([1, 7, 3, 1, 7, 1]);
  });

  test('asks a function for the size of each piece', () => {
    const pieces = splitBytes(bytes, (index) => index + 1);
    expect(sizes(pieces)).toEqual([1, 2, 3, 4, 5, 5]);
    expect(join(pieces)).toEqual([...bytes]);
  });

  test('gives no pieces for no bytes, and one piece when the size is larger than the bytes', () => {
    expect(splitBytes(new Uint8Array(0), 4)).toEqual([]);
    expect(sizes(splitBytes(bytes, 1000))).toEqual([20]);
  });

  test('refuses sizes that would never end', () => {
    expect(() => splitBytes(bytes, 0)).toThrow(RangeError);
    expect(() => splitBytes(bytes, 1.5)).toThrow(RangeError);
    expect(() => splitBytes(bytes, [])).toThrow(RangeError);
    expect(() => splitBytes(bytes, [3, -1])).toThrow(RangeError);
  });
});

describe('splitEverywhere', () => {
  test('yields every split into two non-empty pieces', () => {
    const splits = [...splitEverywhere(bytes.subarray(0, 4))];
    expect(splits.map(sizes)).toEqual([
      [1, 3],
      [2, 2],
      [3, 1],
    ]);
    for (const pieces of splits) expect(join(pieces)).toEqual([0, 1, 2, 3]);
  });

  test('yields nothing for fewer than two bytes', () => {
    expect([...splitEverywhere(new Uint8Array(1))]).toEqual([]);
  });
});
