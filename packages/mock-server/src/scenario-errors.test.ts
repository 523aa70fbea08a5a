import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMockGroqServer, type MockGroqServer } from './create-mock-groq-server.js';
import { formatGroqDuration } from './groq-headers.js';
import { chatBody, MODEL, postChat, postResponses, scenarioHeaders, useMockServer } from './test/mock-test-helpers.js';

// The scenarios that answer with an error status instead of an answer, streaming or not.

const server = useMockServer();

const scenario = scenarioHeaders;

describe('rate-limit', () => {
  it('answers 429 with retry-after in whole seconds and a Groq-like message', async () => {
    const response = await postChat(server.url, chatBody('x'), scenario('rate-limit'));
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const body = (await response.json()) as { error: { message: string; type: string; code: string } };
    expect(body.error.type).toBe('tokens');
    expect(body.error.code).toBe('rate_limit_exceeded');
    expect(body.error.message).toMatch(/^Rate limit reached for model `llama-3.3-70b-versatile` .* on tokens per minute \(TPM\): Limit \d+, Used \d+, Requested \d+\. Please try again in \d+(\.\d+)?m?s\./);
    expect(server.stats().streamsStarted).toBe(0);
  });
});

describe('rate-limit headers', () => {
  it('agree with the message: remaining = limit - used, the used tokens refill by the reset, the wait covers the request', async () => {
    const response = await postChat(server.url, chatBody('x'), scenario('rate-limit'));
    const { message } = ((await response.json()) as { error: { message: string } }).error;
    const [, limit, used, requested, wait] = /Limit (\d+), Used (\d+), Requested (\d+)\. Please try again in ([^ ]+)\./.exec(message)!.map(String);
    const perSecond = Number(limit) / 60;
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe(limit);
    expect(response.headers.get('x-ratelimit-remaining-tokens')).toBe(String(Number(limit) - Number(used)));
    expect(response.headers.get('x-ratelimit-reset-tokens')).toBe(formatGroqDuration(Number(used) / perSecond));
    const waitSeconds = (Number(used) + Number(requested) - Number(limit)) / perSecond;
    expect(waitSeconds).toBeGreaterThan(0);
    expect(wait).toBe(formatGroqDuration(waitSeconds));
    expect(response.headers.get('retry-after')).toBe(String(Math.ceil(waitSeconds)));
  });
});

describe('rate-limit-daily', () => {
  it('answers 429 for tokens per day, retry-after (minutes, in whole seconds) the wait its message asks for, and the ordinary x-ratelimit-* headers', async () => {
    const ordinary = await postChat(server.url, chatBody('x', { stream: false }));
    await ordinary.arrayBuffer();
    for (const stream of [true, false]) {
      const response = await postChat(server.url, chatBody('x', { stream }), scenario('rate-limit-daily'));
      expect(response.status).toBe(429);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      const { error } = (await response.json()) as { error: { message: string; type: string; code: string } };
      expect(error.type).toBe('tokens');
      expect(error.code).toBe('rate_limit_exceeded');
      const [, limit, used, requested, wait] = /on tokens per day \(TPD\): Limit (\d+), Used (\d+), Requested (\d+)\. Please try again in ([^ ]+)\./.exec(error.message)!.map(String);
      const waitSeconds = ((Number(used) + Number(requested) - Number(limit)) * 86_400) / Number(limit);
      expect(wait).toBe(formatGroqDuration(waitSeconds));
      expect(wait).toBe('6m4.95s');
      expect(response.headers.get('retry-after')).toBe(String(Math.ceil(waitSeconds)));
      // Groq's x-ratelimit-* describe tokens a minute and requests a day: the ordinary ones, none of them this wait.
      for (const name of ['x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens', 'x-ratelimit-limit-requests']) {
        expect(response.headers.get(name), name).toBe(ordinary.headers.get(name));
      }
    }
    expect(server.stats().streamsStarted).toBe(0);
  });
});

// Groq's 429 names the tier whose limit was reached. The mock serves `auto` (and no tier) on on_demand, as its
// answers' `service_tier` say, and flex and performance as asked (validate-chat-request.test.ts). Its last sentence
// offers on_demand's free organizations the Dev Tier (a link to billing, which LangChain takes for an exhausted
// quota and does not retry); flex (paid organizations only) and performance (enterprise) are not offered it.
const DEV_TIER_OFFER = 'Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing';
const RATE_LIMITS_PAGE = 'Visit https://console.groq.com/docs/rate-limits for more information.';
describe.each([
  [undefined, 'on_demand'],
  ['on_demand', 'on_demand'],
  ['auto', 'on_demand'],
  ['flex', 'flex'],
  ['performance', 'performance'],
])('rate limits of a request for service_tier %s', (tier, served) => {
  it(`name the service tier \`${served}\` and end with its advice, for chat and the Responses API, streaming or not`, async () => {
    const extra = tier === undefined ? {} : { service_tier: tier };
    for (const name of ['rate-limit', 'rate-limit-daily']) {
      for (const stream of [true, false]) {
        const responses = [
          await postChat(server.url, chatBody('x', { stream, ...extra }), scenario(name)),
          await postResponses(server.url, { model: MODEL, input: 'x', stream, ...extra }, scenario(name)),
        ];
        for (const response of responses) {
          expect(response.status).toBe(429);
          const { message } = ((await response.json()) as { error: { message: string } }).error;
          expect(message, `${name} ${response.url}`).toContain(` in organization \`org_mock\` service tier \`${served}\` on tokens per `);
          expect(message.endsWith(served === 'on_demand' ? DEV_TIER_OFFER : RATE_LIMITS_PAGE), `${name} ${response.url}: ${message}`).toBe(true);
        }
      }
    }
  });
});

// Flex has 10x the rate limits of on_demand (Groq's flex-processing docs); performance's are bought per contract,
// with no figure to show, so the mock keeps on_demand's. A tier's token limit is the same in the x-ratelimit-*
// headers of every answer and in its 429's message, and the scenarios' waits (retry-after) are the same on every tier.
describe.each([
  [undefined, 6_000],
  ['on_demand', 6_000],
  ['auto', 6_000],
  ['flex', 60_000],
  ['performance', 6_000],
])('token limits of a request for service_tier %s', (tier, perMinute) => {
  const extra = tier === undefined ? {} : { service_tier: tier };
  const requests = (stream: boolean, headers: Record<string, string> = {}) => [
    postChat(server.url, chatBody('x', { stream, ...extra }), headers),
    postResponses(server.url, { model: MODEL, input: 'x', stream, ...extra }, headers),
  ];

  it(`are ${perMinute} tokens a minute in every answer's headers, with the used tokens refilling at that rate`, async () => {
    for (const stream of [true, false]) {
      for (const response of await Promise.all(requests(stream))) {
        expect(response.status).toBe(200);
        await response.arrayBuffer();
        const limit = response.headers.get('x-ratelimit-limit-tokens');
        const remaining = response.headers.get('x-ratelimit-remaining-tokens');
        expect(limit, response.url).toBe(String(perMinute));
        expect(response.headers.get('x-ratelimit-reset-tokens'), response.url).toBe(formatGroqDuration(((perMinute - Number(remaining)) * 60) / perMinute));
      }
    }
  });

  it(`are ${perMinute} tokens a minute and ${perMinute * 250 / 3} a day in the 429s, waiting as long as on every tier`, async () => {
    for (const [name, period, wait] of [['rate-limit', 'minute (TPM)', '830ms'], ['rate-limit-daily', 'day (TPD)', '6m4.95s']] as const) {
      for (const response of await Promise.all(requests(false, scenario(name)))) {
        expect(response.status).toBe(429);
        const { message } = ((await response.json()) as { error: { message: string } }).error;
        const [, limit, used] = /Limit (\d+), Used (\d+), Requested \d+\. /.exec(message)!.map(Number);
        expect(message, `${name} ${response.url}`).toContain(`on tokens per ${period}: Limit ${name === 'rate-limit' ? perMinute : (perMinute * 250) / 3}, `);
        expect(message, `${name} ${response.url}`).toContain(`Please try again in ${wait}. `);
        expect(response.headers.get('x-ratelimit-limit-tokens'), `${name} ${response.url}`).toBe(String(perMinute));
        if (name === 'rate-limit') expect(response.headers.get('x-ratelimit-remaining-tokens'), response.url).toBe(String(limit! - used!));
        expect(response.headers.get('retry-after'), `${name} ${response.url}`).toBe(name === 'rate-limit' ? '1' : '365');
      }
    }
  });

  // A valid body has said which tier the request is on: a refused x-mock-* header is an answer to that request, and
  // the README says such an answer reports its tier's limit (only requests refused before their tier is read report on_demand's).
  it(`are ${perMinute} tokens a minute in the 400 of an invalid x-mock-* header`, async () => {
    for (const response of await Promise.all(requests(false, { 'x-mock-tokens': '1e3' }))) {
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_mock_header');
      expect(response.headers.get('x-ratelimit-limit-tokens'), response.url).toBe(String(perMinute));
      expect(response.headers.get('x-ratelimit-remaining-tokens'), response.url).toBe(String((perMinute * 5541) / 6000));
    }
  });

  // A body read as JSON names its tier even when another field is refused: the 400 is an answer on that tier.
  it(`are ${perMinute} tokens a minute in the 400 of a body whose other field is invalid`, async () => {
    const responses = await Promise.all([
      postChat(server.url, chatBody('x', { temperature: 'hot', ...extra })),
      postChat(server.url, { model: MODEL, ...extra }),
      postResponses(server.url, { model: MODEL, input: 'x', temperature: 'hot', ...extra }),
    ]);
    for (const response of responses) {
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
      expect(response.headers.get('x-ratelimit-limit-tokens'), response.url).toBe(String(perMinute));
      expect(response.headers.get('x-ratelimit-remaining-tokens'), response.url).toBe(String((perMinute * 5541) / 6000));
    }
  });
});

// Groq holds a request to its tier's limits only ("flex: only uses flex tier limits", flex-processing docs), requests a
// day as tokens: flex's budget is ten times on_demand's, refilling ten times as fast, and each tier's is its own.
describe.each([
  [undefined, 14_400],
  ['on_demand', 14_400],
  ['auto', 14_400],
  ['flex', 144_000],
  ['performance', 14_400],
])('request limits of a request for service_tier %s', (tier, perDay) => {
  const extra = tier === undefined ? {} : { service_tier: tier };
  const secondsPerRequest = 86_400 / perDay;
  const seconds = (duration: string | null): number => {
    const [, value, unit] = /^(\d+(?:\.\d+)?)(ms|s)$/.exec(duration ?? '')!;
    return Number(value) / (unit === 'ms' ? 1000 : 1);
  };

  it(`are ${perDay} requests a day, one back every ${secondsPerRequest} s, in a budget no other tier spends`, async () => {
    // Requests on other tiers (flex for the others, on_demand for flex) leave this tier's budget full.
    for (const other of tier === 'flex' ? [{}, { service_tier: 'performance' }] : [{ service_tier: 'flex' }]) {
      await (await postChat(server.url, chatBody('x', { stream: false, ...other }))).arrayBuffer();
    }
    const sends = [
      () => postChat(server.url, chatBody('x', { stream: false, ...extra })),
      () => postResponses(server.url, { model: MODEL, input: 'x', ...extra }),
      // A body refused for another field is a request on its tier too.
      () => postChat(server.url, chatBody('x', { temperature: 'hot', ...extra })),
    ];
    const start = performance.now();
    for (const [index, send] of sends.entries()) {
      const response = await send();
      await response.arrayBuffer();
      const elapsed = (performance.now() - start) / 1000;
      expect(response.headers.get('x-ratelimit-limit-requests'), response.url).toBe(String(perDay));
      // The tier's first request leaves all but one: no other tier's request was counted against its budget.
      const remaining = Number(response.headers.get('x-ratelimit-remaining-requests'));
      if (index === 0) expect(remaining, response.url).toBe(perDay - 1);
      // The next ones use one more each, less what refilled meanwhile (at flex's rate, a request in 0.6 s of a slow machine).
      expect(remaining, response.url).toBeGreaterThanOrEqual(perDay - index - 1);
      expect(remaining, response.url).toBeLessThanOrEqual(perDay - 1);
      // The used requests refill at the tier's rate: the reset is what they take, less the time since the first was sent.
      const reset = seconds(response.headers.get('x-ratelimit-reset-requests'));
      expect(reset, response.url).toBeLessThanOrEqual((index + 1) * secondsPerRequest + 0.005);
      expect(reset, response.url).toBeGreaterThanOrEqual((index + 1) * secondsPerRequest - elapsed - 0.005);
    }
  });
});

describe('token limits of a body refused before its tier is read', () => {
  // No tier to read (not JSON, not an object) or one that is no tier (refused for it): on_demand's, the default tier's.
  it.each([
    ['not JSON', '{"service_tier":"flex",'],
    ['an array', '[{"service_tier":"flex"}]'],
    ['an unknown tier', JSON.stringify(chatBody('x', { service_tier: 'Flex' }))],
    ['a tier that is no string', JSON.stringify(chatBody('x', { service_tier: ['flex'] }))],
  ])('reports 6000 tokens a minute for %s', async (_, body) => {
    for (const path of ['chat/completions', 'responses']) {
      const response = await fetch(`${server.url}/openai/v1/${path}`, { method: 'POST', headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' }, body });
      expect(response.status).toBe(400);
      await response.arrayBuffer();
      expect(response.headers.get('x-ratelimit-limit-tokens'), path).toBe('6000');
    }
  });

  // Refused before the body is read for an answer (no key, a path or a method the mock does not serve): on_demand's
  // limits, whatever tier the body names.
  it.each([
    ['no key', 'POST', 'chat/completions', {}, 401],
    ['a path the mock does not serve', 'POST', 'chat/completion', { authorization: 'Bearer test-key' }, 404],
    ['a method the path does not allow', 'PUT', 'responses', { authorization: 'Bearer test-key' }, 405],
  ])("reports on_demand's limits for a flex body sent with %s", async (_, method, path, headers, status) => {
    const body = JSON.stringify(chatBody('x', { service_tier: 'flex' }));
    const response = await fetch(`${server.url}/openai/v1/${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body });
    expect(response.status).toBe(status);
    await response.arrayBuffer();
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('14400');
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('6000');
  });
});

// A model the mock does not list (knownModelsOnly) is refused once the body is read, as another field's 400 is: its
// 404 model_not_found reports the limits of the tier the body names, unlike the 404 of a path the mock does not serve.
describe('rate limits of a 404 model_not_found', () => {
  let strict: MockGroqServer;
  beforeAll(async () => {
    strict = await createMockGroqServer({ knownModelsOnly: true });
  });
  afterAll(() => strict.close());

  it.each([
    ['flex', 144_000, 60_000, { service_tier: 'flex' }],
    ['auto', 14_400, 6_000, { service_tier: 'auto' }],
    ['no tier', 14_400, 6_000, {}],
  ])('are those of the tier the body names (%s: %i requests a day, %i tokens a minute), chat and responses', async (_, perDay, perMinute, extra) => {
    const responses = [
      await postChat(strict.url, { ...chatBody('x', extra), model: 'no-such-model' }),
      await postResponses(strict.url, { model: 'no-such-model', input: 'x', ...extra }),
    ];
    for (const response of responses) {
      expect(response.status, response.url).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code, response.url).toBe('model_not_found');
      expect(response.headers.get('x-ratelimit-limit-requests'), response.url).toBe(String(perDay));
      expect(response.headers.get('x-ratelimit-limit-tokens'), response.url).toBe(String(perMinute));
      expect(response.headers.get('x-ratelimit-remaining-tokens'), response.url).toBe(String((perMinute * 5541) / 6000));
    }
  });
});

describe('server-error', () => {
  it('answers 500 with a JSON error, for streaming and non-streaming requests', async () => {
    for (const stream of [true, false]) {
      const response = await postChat(server.url, chatBody('x', { stream }), scenario('server-error'));
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: { message: expect.stringContaining('server-error'), type: 'internal_server_error', code: 'internal_server_error' } });
    }
  });
});

describe.each([
  ['bad-gateway', 502, 'Bad Gateway', 'bad_gateway'],
  ['service-unavailable', 503, 'Service Unavailable', 'service_unavailable'],
])('%s', (name, status, statusText, code) => {
  it(`answers ${status} with a Groq error body and Groq's headers, for streaming and non-streaming requests`, async () => {
    for (const stream of [true, false]) {
      const response = await postChat(server.url, chatBody('x', { stream }), scenario(name));
      expect(response.status).toBe(status);
      expect(response.statusText).toBe(statusText);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      expect(response.headers.get('x-ratelimit-remaining-tokens')).toMatch(/^\d+$/);
      expect(response.headers.get('retry-after')).toBeNull();
      expect(await response.json()).toEqual({ error: { message: expect.stringContaining(name), type: 'internal_server_error', code } });
    }
    expect(server.stats().streamsStarted).toBe(0);
  });

  it('applies to the first fail-times requests only', async () => {
    const headers = scenario(name, { 'x-mock-fail-times': '1' });
    const statuses = [];
    for (let index = 0; index < 2; index++) statuses.push((await postChat(server.url, chatBody('x', { stream: false }), headers)).status);
    expect(statuses).toEqual([status, 200]);
  });
});

describe('capacity', () => {
  it('answers a flex request 498 capacity_exceeded, streaming or not, with the usual Groq headers', async () => {
    for (const stream of [true, false]) {
      const response = await postChat(server.url, chatBody('x', { stream, service_tier: 'flex' }), scenario('capacity'));
      expect(response.status).toBe(498);
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
      expect(response.headers.get('retry-after')).toBeNull();
      expect(response.statusText).toBe('Flex Tier Capacity Exceeded');
      // Groq's 498 says "`flex` tier capacity exceeded": the words a client that reads the message looks for.
      expect(await response.json()).toEqual({ error: { message: expect.stringContaining('`flex` tier capacity exceeded'), type: 'capacity_exceeded', code: 'capacity_exceeded' } });
    }
  });

  // 498 is Groq's answer to a flex request only (its flex-processing docs). Another tier has no capacity that fails
  // fast: the mock answers it 503, Groq's status for a server overloaded, as a service out of capacity is.
  it.each([undefined, 'on_demand', 'auto', 'performance'])('answers a request for service_tier %s 503 over capacity, and a flex one 498, for chat and the Responses API', async (tier) => {
    const extra = tier === undefined ? {} : { service_tier: tier };
    for (const stream of [true, false]) {
      for (const [body, post] of [[chatBody('x', { stream }), postChat], [{ model: MODEL, input: 'x', stream }, postResponses]] as const) {
        const response = await post(server.url, { ...body, ...extra }, scenario('capacity'));
        expect([response.status, response.statusText], response.url).toEqual([503, 'Service Unavailable']);
        expect(response.headers.get('x-request-id')).toMatch(/^req_/);
        expect(response.headers.get('retry-after')).toBeNull();
        expect(await response.json()).toEqual({ error: { message: expect.stringMatching(/^Service Unavailable: .*over capacity/), type: 'internal_server_error', code: 'service_unavailable' } });
        const flex = await post(server.url, { ...body, service_tier: 'flex' }, scenario('capacity'));
        expect([flex.status, ((await flex.json()) as { error: { code: string } }).error.code], flex.url).toEqual([498, 'capacity_exceeded']);
      }
    }
    expect(server.stats().streamsStarted).toBe(0);
  });
});
