// How many times better one client did than another, from runs taken in pairs: the runs of one round.
// The estimator is the parser bench's (packages/core/bench), whose chart draws this bench's results too.
import { pairedRatio } from '../../core/bench/paired-ratio.mjs';

/** Which ratios the targets are judged on, and why: printed with the results and written to latest.json. */
export const RATIO_METHOD =
  "Ratios are judged on the median of each round's own ratio (paired), not on the ratio of the clients' medians " +
  'over the rounds: the clients take turns within a round and so meet the same conditions there, while the ' +
  "machine's speed moves between rounds and can pair one client's median from a fast round with the other's " +
  'from a slow one.';

/**
 * `top` over `bottom` of metric `key` (`ms`, `firstChunkP50Ms`, ...) of two clients' timed runs, paired by
 * round (each run's `round`, from 1): a client dropped after a failure has no runs in the later rounds.
 * `entries`: `{ [client]: { runs } }` as `measureClients` returns them. See core's `pairedRatio` for the result.
 */
export function pairByRound(entries, key, top, bottom) {
  const a = entries[top]?.runs ?? [];
  const b = entries[bottom]?.runs ?? [];
  if (a.length === 0 || b.length === 0) return undefined;
  const rounds = Math.max(...a.map((run) => run.round), ...b.map((run) => run.round));
  const byRound = (runs) => Array.from({ length: rounds }, (_, index) => runs.find((run) => run.round === index + 1)?.[key]);
  return pairedRatio(byRound(a), byRound(b));
}
