import { afterEach, describe, expect, test } from 'vitest';
import { retryDelayMs } from './retry-policy.js';

// Node only: the edge sandbox has no process.env whose TZ the clock follows.
const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('retryDelayMs with retry-after as an HTTP date, where the process does not run on UTC', () => {
  const now = Date.parse('1994-11-06T08:49:30Z');
  test.each(['America/New_York', 'Asia/Tokyo'])('reads each of the three forms HTTP allows as GMT in %s', (timeZone) => {
    process.env.TZ = timeZone;
    // IMF-fixdate, the obsolete RFC 850 form, and asctime's, which names no zone (RFC 9110, section 5.6.7).
    for (const value of ['Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994']) {
      expect(retryDelayMs(0, new Headers({ 'retry-after': value }), now, () => 0), value).toBe(7000);
    }
  });
});
