import { describe, expect, test } from 'vitest';
import { headerSecrets } from './header-secrets.js';

describe('headerSecrets', () => {
  test("remembers a credential header's value and nothing of another header's", () => {
    expect(headerSecrets('x-api-key', 'tenant-key-7f3a9b2c')).toEqual(['tenant-key-7f3a9b2c']);
    expect(headerSecrets('x-idempotency-key', 'order-7f3a9b2c1d')).toEqual([]);
    expect(headerSecrets('X-Author', 'alice-liddell')).toEqual([]);
  });
});

describe("a Cookie line's credentials", () => {
  test('a cookie named by a credential\'s word counts from 8 characters, one whose letters only hide such a word from 16', () => {
    const line = 'monkey=banana42; hotkey=ctrl-alt; api_key=abcd1234; sessionToken=abcdefgh; design=minimal1';
    expect(headerSecrets('Cookie', line)).toEqual(['abcd1234', 'abcdefgh']);
  });

  test("a session's cookie counts from 8 characters, a count or an affinity of a session's from 16", () => {
    const line = 'sessionid=q7Wm2xLp; session_count=12345678; x-session-affinity=eu-west1a; otp=48213907';
    expect(headerSecrets('Cookie', line)).toEqual(['q7Wm2xLp', '48213907']);
  });

  test("a session's id named sid (Express's connect.sid) counts from 8 characters, a sidebar's setting from 16", () => {
    const line = 'connect.sid=s%3Aq7Wm2x; sid=q7Wm2xLp; sidebar=collapsed1';
    expect(headerSecrets('Cookie', line)).toEqual(['s%3Aq7Wm2x', 's:q7Wm2x', 'q7Wm2xLp']);
  });
});
