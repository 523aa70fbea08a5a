/**
 * The longest delay a timer holds (2^31 − 1 ms, about 24.8 days): Node and browsers fire a longer one (or
 * `Infinity`) at once, so a longer wait is cut to this, or made of several timers.
 */
export const maxDelayMs = 2 ** 31 - 1;
