/**
 * A wait of `seconds` (more than 0) as a person says it, rounded up, never shorter than the wait asked for:
 * seconds under two minutes ("7 seconds", "90 seconds"), then minutes ("3 minutes"), then hours and minutes
 * ("1 hour", "1 hour 30 minutes"). A limit per hour or per day gives waits that "3600 seconds" left to be worked
 * out. The Express page says it with a copy of this (apps/express-demo/src/client/describe-wait.ts), and
 * e2e/both-pages-agree.test.ts checks that both say the same.
 */
export function describeWait(seconds: number): string {
  const wholeSeconds = Math.ceil(seconds);
  if (wholeSeconds < 120) return count(wholeSeconds, 'second');
  const minutes = Math.ceil(wholeSeconds / 60);
  if (minutes < 60) return count(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  return [count(hours, 'hour'), minutes % 60 === 0 ? '' : count(minutes % 60, 'minute')].filter(Boolean).join(' ');
}

function count(value: number, unit: string): string {
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}
