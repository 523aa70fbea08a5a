import type { IncomingMessage } from 'node:http';
import { expect, it } from 'vitest';
import { hostHeaderProblem } from './host-header-problem.js';

const request = (httpVersion: string, host?: string[]): IncomingMessage =>
  ({ httpVersion, headersDistinct: host === undefined ? {} : { host } }) as unknown as IncomingMessage;

it('says what is wrong with the Host header, in the words of the 400', () => {
  expect(hostHeaderProblem(request('1.1'))).toBe('no Host header');
  expect(hostHeaderProblem(request('1.0'))).toBeUndefined();
  expect(hostHeaderProblem(request('1.0', ['x', 'y']))).toBe('2 Host headers; send one');
  expect(hostHeaderProblem(request('1.1', ['a b']))).toBe('Host "a b" is not a host name or address with an optional port');
  expect(hostHeaderProblem(request('1.1', [`${'a'.repeat(300)} b`]))).toContain('(302 characters in all)');
  for (const host of ['localhost:3000', '[::1]', '[v1.fe80::a+en1]:80', '10.0.0.1', 'a%2eb', '']) expect(hostHeaderProblem(request('1.1', [host]))).toBeUndefined();
  for (const host of ['user@host', 'host:port', 'host/path', 'host?q', '[::1', 'héllo']) expect(hostHeaderProblem(request('1.1', [host])), host).toBeDefined();
});
