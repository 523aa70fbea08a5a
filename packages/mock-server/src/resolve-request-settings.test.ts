import { describe, expect, it } from 'vitest';
import type { RequestSettings } from './mock-groq-server-options.js';
import { MOCK_HEADERS, resolveRequestSettings } from './resolve-request-settings.js';
import { codeNames, readmeSection, readmeTableRows } from './test/readme-tables.js';

const defaults: RequestSettings = { scenario: 'none', failTimes: undefined, tokensPerSecond: 0, ttftMs: 0, tokens: undefined };

describe('resolveRequestSettings', () => {
  it('refuses an x-mock- header it does not know, naming the ones it does', () => {
    expect(() => resolveRequestSettings({ 'x-mock-scenarios': 'drop' }, defaults)).toThrow(`x-mock-scenarios is not a header the mock knows; use ${MOCK_HEADERS.join(', ')}.`);
  });

  // What a test author reads to choose a fault or a pace: a header the mock reads without a word in the README
  // would be found only by reading the code, and one the README names but the mock refuses fails every request.
  it('reads every header the README names for pace and faults, and the README names each of them', () => {
    const pace = readmeTableRows('Pace').flatMap((row) => codeNames(row.header!));
    expect(pace.length).toBeGreaterThan(0);
    for (const name of pace) expect(MOCK_HEADERS, `the README's Pace table names ${name}`).toContain(name);
    // The others open a paragraph of the Scenarios section (and its Fail times): `x-mock-scenario: <name>`.
    const described = [...readmeSection('Scenarios').matchAll(/`(x-mock-[a-z-]+):/g)].map((match) => match[1]!);
    for (const name of MOCK_HEADERS) expect([...pace, ...described], `the README describes ${name}`).toContain(name);
  });
});
