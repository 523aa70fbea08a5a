import { describe, expect, it } from 'vitest';
import { Groq } from '../groq.js';
import { logWithClient } from '../log-with-client.js';
import { recordingLogger } from './recording-logger.js';

describe('recordingLogger', () => {
  it('keeps each call with its level, in order, and what a client logs through it', () => {
    const logger = recordingLogger();
    logger.warn('one', { n: 1 });
    logger.debug('two');
    const client = new Groq({ apiKey: 'gsk_test_key_not_real_0123456789', fetch: () => Promise.reject(new Error('not called')), logger, logLevel: 'info' });
    logWithClient(client, 'info', 'three');
    logWithClient(client, 'debug', 'below the level: not written');
    expect(logger.calls).toEqual([['warn', 'one', { n: 1 }], ['debug', 'two'], ['info', '[groq-stream] three']]);
  });

  it('gives each logger its own list', () => {
    const first = recordingLogger();
    const second = recordingLogger();
    first.error('only here');
    expect(second.calls).toEqual([]);
  });
});
