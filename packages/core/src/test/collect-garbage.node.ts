import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// `gc` without starting the test run with --expose-gc, as packages/node's tests get it: the flag set at run
// time exposes it to new contexts. Node only: import it from `*.node.test.ts` files.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Whether `ref`'s target is garbage, after full collections each on a turn of the event loop. */
export async function isCollected(ref: WeakRef<object>): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    if (ref.deref() === undefined) return true;
  }
  return false;
}
