import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { watchWarnings } from './watch-warnings.js';

describe('watchWarnings', () => {
  test('reports a warning that Node emits on a later tick, by name, and none after stop()', async () => {
    const warnings = watchWarnings();
    try {
      // An eleventh listener for one event of an emitter: Node warns, on the next tick. (An AbortSignal's
      // eleventh listener warns in Node 20 but not in 22 and 24, so the test of the helper does not use one.)
      const emitter = new EventEmitter();
      for (let listener = 0; listener < 11; listener++) emitter.on('chunk', () => undefined);
      process.emitWarning('something else', 'TestWarning');
      expect((await warnings.reported('MaxListenersExceededWarning')).map(({ message }) => message)).toEqual([expect.stringMatching(/11 chunk listeners added to \[EventEmitter\]/)]);
      expect((await warnings.reported()).map(({ name }) => name)).toEqual(['MaxListenersExceededWarning', 'TestWarning']);
    } finally {
      warnings.stop();
    }
    process.emitWarning('after stop()', 'MaxListenersExceededWarning');
    expect(await warnings.reported('MaxListenersExceededWarning')).toHaveLength(1);
  });
});
