// How many times faster one reader is than another, from measurements taken in pairs.
import { median } from './measure.mjs';

/** Which ratios the targets are judged on, and why: printed with the results and written to latest.json. */
export const RATIO_METHOD =
  "Ratios are judged on the median of each process's own ratio of the readers' medians (paired), not on the ratio of " +
  "the readers' medians taken apart over the processes: the readers alternate within a process and so meet the same " +
  "conditions there, while a process that runs everything slower or faster can pair one reader's median from one " +
  "process with the other's from another.";

/**
 * `top` over `bottom` from values measured in pairs: `top[i]` and `bottom[i]` come from the same process
 * (or round), under the same conditions; `undefined` where a reader has no figure. Returns
 * `{ paired, each, independent }`: `each` the ratio of every pair (undefined where either value is
 * missing), `paired` their median (the one to judge by), and `independent` the ratio of the two medians
 * taken apart (the estimator used before, shown beside it); undefined when no pair is complete. For a
 * ratio of speeds from times, pass the times the other way round (`pairedRatio(bareMs, oursMs)` is ours/bare).
 */
export function pairedRatio(top, bottom) {
  const each = top.map((value, index) => (value !== undefined && bottom[index] ? value / bottom[index] : undefined));
  const complete = each.filter((ratio) => ratio !== undefined);
  if (complete.length === 0) return undefined;
  const present = (values) => values.filter((value) => value !== undefined);
  return { paired: median(complete), each, independent: median(present(top)) / median(present(bottom)) };
}
