import { describe, expect, it } from 'vitest';
import { SseBatch } from './sse-batch.js';

const frame = { prefix: Buffer.from('data: {"content":'), suffix: Buffer.from('}\n\n') };

describe('SseBatch', () => {
  it('is empty until something is appended, and after take()', () => {
    const batch = new SseBatch(1024);
    expect(batch.byteLength).toBe(0);
    expect(batch.take()).toHaveLength(0);
    batch.appendText('data: é\n\n');
    expect(batch.byteLength).toBe(Buffer.byteLength('data: é\n\n'));
    expect(batch.take().toString()).toBe('data: é\n\n');
    expect(batch.byteLength).toBe(0);
  });

  it('counts bytes, not UTF-16 units', () => {
    const batch = new SseBatch(1024);
    batch.appendJsonString(frame, '🚀 “é”');
    expect(batch.byteLength).toBe(Buffer.byteLength(`data: {"content":${JSON.stringify('🚀 “é”')}}\n\n`));
  });

  it('never lets a later append change bytes already taken', () => {
    const batch = new SseBatch(64 * 1024);
    batch.appendText('small');
    const small = batch.take();
    const big = 'x'.repeat(10_000);
    batch.appendText(big);
    const large = batch.take();
    batch.appendText('y'.repeat(10_000));
    batch.appendText('z');
    batch.take();
    expect(small.toString()).toBe('small');
    expect(large.toString()).toBe(big);
  });

  it('grows past its size for an event larger than its room, keeping what it holds', () => {
    const batch = new SseBatch(1024);
    batch.appendText('start;');
    const huge = '€🚀"\\\n'.repeat(50_000);
    batch.appendJsonString(frame, huge);
    batch.appendText(';end');
    expect(batch.take().toString()).toBe(`start;data: {"content":${JSON.stringify(huge)}}\n\n;end`);
  });
});
