// A timer that notes each time it fired late: how long its process's event loop (or its CPU) could not run.
const now = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Starts a timer every `intervalMs`; each time it fires `thresholdMs` or more late, records
 * [end, length] in ms on the machine-wide monotonic clock (process.hrtime, as the mock's and the
 * clients' times), so that the pauses of different processes can be laid side by side. `take({ reset })`
 * returns those since the last reset.
 */
export function recordLateness(intervalMs, thresholdMs) {
  let late = [];
  let last = now();
  setInterval(() => {
    const at = now();
    const length = at - last - intervalMs;
    last = at;
    if (length >= thresholdMs) late.push([at, length]);
  }, intervalMs);
  return {
    take: ({ reset = false } = {}) => {
      const taken = late;
      if (reset) late = [];
      return taken;
    },
  };
}
