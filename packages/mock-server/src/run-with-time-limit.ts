import { createContext, Script, type Context } from 'node:vm';

let context: Context | undefined;
let script: Script | undefined;

/**
 * Runs `run` synchronously and stops it after `milliseconds`, even in the middle of a regular expression
 * that backtracks for hours: a `vm` script's timeout terminates whatever JavaScript runs under it,
 * `RegExp.prototype.test` included, where no check of the clock inside `run` could. Costs about half a
 * millisecond a call (the watchdog thread), so it is for work that untrusted input can make slow.
 *
 * @returns `{ done: true, value }`, or `{ done: false }` when the time ran out; what `run` throws is thrown.
 */
export function runWithTimeLimit<T>(run: () => T, milliseconds: number): { done: true; value: T } | { done: false } {
  context ??= createContext({});
  script ??= new Script('run()');
  context.run = run;
  try {
    return { done: true, value: script.runInContext(context, { timeout: Math.max(1, Math.ceil(milliseconds)) }) as T };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { done: false };
    throw error;
  } finally {
    context.run = undefined;
  }
}
