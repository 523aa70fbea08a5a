import { describe, expect, test } from 'vitest';
import { allowedHostsProblem, parseHost, splitAllowedHosts } from './parse-host.mjs';

describe('parseHost', () => {
  test.each([
    ['Demo.Example:3001', { name: 'demo.example', port: '3001' }],
    ['[::1]', { name: '[::1]', port: undefined }],
    ['127.0.0.1:80', { name: '127.0.0.1', port: '80' }],
  ])('reads %s', (value, host) => {
    expect(parseHost(value)).toEqual(host);
  });

  test.each(['', 'https://demo.example', 'user@demo.example', 'demo.example/', 'demo.example.', 'a.example b.example', '::1'])('names no host in %j', (value) => {
    expect(parseHost(value)).toBeUndefined();
  });
});

describe('ALLOWED_HOSTS', () => {
  test('splits at commas and spaces, and an empty or absent value lists nothing', () => {
    expect(splitAllowedHosts(' demo.example, laptop.lan:3001  other.example,')).toEqual(['demo.example', 'laptop.lan:3001', 'other.example']);
    expect(splitAllowedHosts('')).toEqual([]);
    expect(splitAllowedHosts(undefined)).toEqual([]);
  });

  test('has no problem when every entry is a host', () => {
    expect(allowedHostsProblem('demo.example, [::1]:3001')).toBeUndefined();
    expect(allowedHostsProblem(undefined)).toBeUndefined();
  });

  test('names the first entry that is no host, and says what to write instead', () => {
    expect(allowedHostsProblem('demo.example, https://laptop.lan, x/y')).toBe(
      'must list host names, separated by commas, such as "demo.example" or "demo.example:3001" (an IPv6 address in brackets); "https://laptop.lan" is not one.',
    );
  });
});
