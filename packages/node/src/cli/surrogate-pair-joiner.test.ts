import { describe, expect, test } from 'vitest';
import { SurrogatePairJoiner } from './surrogate-pair-joiner.js';

describe('SurrogatePairJoiner', () => {
  test('holds a last high half until the next piece brings the low one', () => {
    const joiner = new SurrogatePairJoiner();
    expect(joiner.next('go \ud83d')).toBe('go ');
    expect(joiner.next('\ude80 up')).toBe('🚀 up');
    expect(joiner.rest()).toBe('');
  });

  test('a piece that is a high half alone, then whole characters', () => {
    const joiner = new SurrogatePairJoiner();
    expect(joiner.next('\ud83c')).toBe('');
    expect(joiner.next('\udf89🚀')).toBe('🎉🚀');
  });

  test('a half no other half joins is never lost: a lone low half passes, a held high half is the rest', () => {
    const joiner = new SurrogatePairJoiner();
    expect(joiner.next('\ude80 a')).toBe('\ude80 a');
    expect(joiner.next('b \ud83d')).toBe('b ');
    expect(joiner.next('\ud83d')).toBe('\ud83d');
    expect(joiner.rest()).toBe('\ud83d');
    expect(joiner.rest()).toBe('');
  });
});
