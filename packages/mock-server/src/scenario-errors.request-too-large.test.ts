import { describe, expect, it } from 'vitest';
import { chatBody, MODEL, postChat, postResponses, scenarioHeaders, useMockServer } from './test/mock-test-helpers.js';

// Groq answers 413 to a request whose tokens alone are over its tier's limit a minute: not the 413 of a body too
// large to read (over 16 MiB here), but a rate-limit error, `type: "tokens"` and `code: "rate_limit_exceeded"`,
// that waiting does not clear. Apps that branch on that code to retry must tell the two statuses apart.

const server = useMockServer();

describe.each([
  [undefined, 'on_demand', 6_000, 'Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing'],
  ['auto', 'on_demand', 6_000, 'Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing'],
  ['flex', 'flex', 60_000, 'Visit https://console.groq.com/docs/rate-limits for more information.'],
  ['performance', 'performance', 6_000, 'Visit https://console.groq.com/docs/rate-limits for more information.'],
])('request-too-large for service_tier %s', (tier, served, limit, advice) => {
  it('answers 413 with Groq’s rate-limit body on tokens per minute, for chat and the Responses API, streaming or not', async () => {
    const extra = tier === undefined ? {} : { service_tier: tier };
    for (const stream of [true, false]) {
      const responses = [
        await postChat(server.url, chatBody('x', { stream, ...extra }), scenarioHeaders('request-too-large')),
        await postResponses(server.url, { model: MODEL, input: 'x', stream, ...extra }, scenarioHeaders('request-too-large')),
      ];
      for (const response of responses) {
        expect(response.status, response.url).toBe(413);
        const { error } = (await response.json()) as { error: { message: string; type: string; code: string } };
        expect(error).toMatchObject({ type: 'tokens', code: 'rate_limit_exceeded' });
        expect(error.message).toBe(
          `Request too large for model \`${MODEL}\` in organization \`org_mock\` service tier \`${served}\` on tokens per minute (TPM): ` +
            `Limit ${limit}, Requested ${limit * 1.5}, please reduce your message size and try again. ${advice}`,
        );
        // Not a 429: no wait to honour, and the limit a minute that the message names is the one the headers give.
        expect(response.headers.get('retry-after')).toBeNull();
        expect(response.headers.get('x-ratelimit-limit-tokens')).toBe(String(limit));
        expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      }
    }
    expect(server.stats()).toMatchObject({ requests: 4, streamsStarted: 0 });
  });
});

it('applies to the first fail-times requests only', async () => {
  const headers = scenarioHeaders('request-too-large', { 'x-mock-fail-times': '1' });
  const statuses = [];
  for (let index = 0; index < 2; index++) statuses.push((await postChat(server.url, chatBody('x', { stream: false }), headers)).status);
  expect(statuses).toEqual([413, 200]);
});
