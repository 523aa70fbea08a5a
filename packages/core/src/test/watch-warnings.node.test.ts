import { describe, expect, test } from 'vitest';
import { watchWarnings } from './watch-warnings.js';

describe('watchWarnings', () => {
  test('reports a warning that Node emits on a later tick, by name, and none after stop()', async () => {
    const warnings = watchWarnings();
    try {
      // An eleventh listener on one signal: Node warns, on the next tick.
      const signal = new AbortController().signal;
      for (let listener = 0; listener < 11; listener++) signal.addEventListener('abort', () => undefined);
      process.emitWarning('something else', 'TestWarning');
      expect((await warnings.reported('MaxListenersExceededWarning')).map(({ message }) => message)).toEqual([expect.stringMatching(/11 abort listeners added to \[AbortSignal\]/)]);
      expect((await warnings.reported()).map(({ name }) => name)).toEqual(['MaxListenersExceededWarning', 'TestWarning']);
    } finally {
      warnings.stop();
    }
    process.emitWarning('after stop()', 'MaxListenersExceededWarning');
    expect(await warnings.reported('MaxListenersExceededWarning')).toHaveLength(1);
  });
});
