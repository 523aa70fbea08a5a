import { beforeAll, describe, expect, test } from 'vitest';
import { headerSecrets } from './header-secrets.js';
import { mayHoldClientKey } from './may-hold-client-key.js';
import { redactSecrets } from './redact-secrets.js';

// Redaction runs on error paths, on whatever a server sent: a megabyte made to make a pattern backtrack must take
// about as long as any megabyte. Each case is one that a pattern's shape could make slow (a run it scans again from
// each position, an unclosed quote). Each is timed against a megabyte of prose redacted just before it, not against
// a clock: test files run side by side, and a busy machine made a linear case take over a second (1.5 s, where it
// takes 0.2 s alone). A linear pass takes a few times the prose's time; a pattern that backtracks, thousands.
const mebibyte = 1 << 20;
const fill = (unit: string): string => unit.repeat(Math.ceil(mebibyte / unit.length));
const prose = fill('Lorem ipsum dolor sit amet, consectetur adipiscing elit. ');
const timesProse = 20;

function timed(run: () => unknown): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

/**
 * How many times as long as redacting the prose `run` takes, the prose timed just before it: the least of up to
 * three tries, as a collection or the scheduler can land in either measure (a linear case measured 31 times in one
 * try on a machine at load 15), and a pattern that backtracks is slow in every try.
 */
function againstProse(run: () => unknown): number {
  let least = Infinity;
  for (let attempt = 0; attempt < 3 && least >= timesProse; attempt++) {
    const baseline = timed(() => redactSecrets(prose));
    // A floor under the baseline, so that a prose pass that happened to be very quick cannot make a linear case fail.
    least = Math.min(least, timed(run) / Math.max(baseline, 5));
  }
  return least;
}

beforeAll(() => {
  // Compiled once before the first measure, for the baseline's sake.
  redactSecrets(prose);
});

describe('a mebibyte made against each pattern is redacted in a few times the time of a mebibyte of prose', () => {
  test.each([
    ['an Authorization parameter not closed', `Authorization: Digest response="${fill('a')}`],
    ['Authorization parameters that open and never close', `Authorization: Digest ${fill('a="b ')}`],
    ['escaped parameters not closed, in a JSON string', `{"m":"authorization: Digest ${fill('r=\\"a ')}`],
    ['prose after authorization, over and over', fill('authorization: please set ')],
    ['base64 that holds the prefix of a Groq key in base64 everywhere, in one run', fill('Z3NrX0')],
    ['runs of base64 that each hold it', fill('nc2tf Z3NrX1 ')],
    ['a key spelled in HTML entities, never ending', `&#103;sk_${fill('&#65;')}`],
    ['entities that start a key again and again', fill('&#103;&#x73;&#107;&#95;&#00')],
    ['entities short of a key', fill('gsk_&#48;&#x4')],
    ['a list of names a mebibyte long', `required: [${fill("'password', 'user', ")}]`],
    ['lists of names that never close a string', fill("required: ['password', 'a ")],
    ['a word a mebibyte long before a list', `${fill('a')}: ['password', 'user']`],
    ['names that start lists again and again', fill("a:[b:['password',")],
    ['DSNs whose passwords hold brackets, commas and quotes', fill('u:p(a,"b@tcp(h:1)/')],
    ['@s that end a DSN with no : before them', fill('x(y,z@/')],
    ['quoted passwords that never open', fill(' p w"@/')],
    ['a quote before each @, far from the one that opens it', `:"${fill('a "@/')}`],
    ['URLs whose passwords hold @, / and ?', fill('//u:p/a?b@c@')],
    ['quoted URL passwords never closed', fill('//u:"p w ')],
    ['URL passwords of digits before a /', fill('//user:1234/5678@')],
    ['an @ before a host a mebibyte long', `//u:p@${fill('a')}`],
    ['property schemas under credentials\' names, one after another', fill('{"password":{"type":"string","description":"the password"}},')],
    ['a schema whose description opens schemas that never close', `password: {type: 'string', description: '${fill("password: {type: 'string', description: ")}'}`],
    ['a schema whose description holds a mebibyte of schemas', `{"password":{"type":"string","description":"${fill("token: {type: 'string', description: 'x'} ")}"}}`],
    ['schemas in escaped JSON, each in the description of the one before', fill('{\\"password\\":{\\"type\\":\\"string\\",\\"description\\":\\"')],
    ['a list of types never closed', `password: {type: [${fill("'string', ")}`],
    ['a schema with a mebibyte description, then a value', `{"password":{"type":"string","description":"${fill('a ')}","value":"x"}}`],
    ['Groq keys short of twenty letters, glued one after another', fill('gsk_aaaaaaaaaaaaaaaaaaa')],
    ['Groq keys of twenty letters, glued one after another', fill('gsk_aaaaaaaaaaaaaaaaaaaa')],
    ['split Groq keys glued one after another', fill(`gsk_${'a'.repeat(30)}\n${'b'.repeat(22)}`)],
    ['pieces of split keys glued to prefixes short of twenty letters', fill('gsk_aaaa\nbbbbgsk_aaaaaaaaaaaaaaaaaaa')],
    ['pieces of split keys glued to prefixes in entities short of twenty letters', fill('gsk_a b&#103;sk&#95;aaaaaaaaaaaaaaaaaaa')],
    ['a split key whose last piece never ends', `gsk_${'a'.repeat(30)}\n${fill('b')}`],
    ['markers before punctuation that no space follows', fill('token=gsk_[redacted]).]?key=[redacted]:Bearer [redacted].')],
    ['markers glued after lists', fill('password:[redacted]')],
    ['an Authorization line of markers', `Authorization: Bearer ${fill('[redacted]')}`],
    ['an Authorization line that starts with a marker, of markers and parameters', `Authorization: ${fill('[redacted] a=b, ')}`],
    ['Authorization lists, each before a , and a word never a parameter', fill(`authorization:[a],${'b'.repeat(64)} `)],
    ['Authorization lists never closed before a parameter', `authorization: [${fill('a] b=c [')}`],
    ['MFA serials, each before spaces and a code too long', fill('x-amz-mfa: 2089 \t 301749301 ')],
  ])('%s', (_, text) => {
    expect(againstProse(() => redactSecrets(text))).toBeLessThan(timesProse);
  });

  test('the cheap check of a chunk, with a Groq key\'s prefix spelled in entities', () => {
    expect(againstProse(() => mayHoldClientKey(fill('&#103;&#x73;&#107;&#9')))).toBeLessThan(timesProse);
  });

  test("an Authorization header's parameters, read for what to remember", () => {
    expect(againstProse(() => headerSecrets('authorization', `Digest ${fill('a')}`))).toBeLessThan(timesProse);
    expect(againstProse(() => headerSecrets('authorization', `Digest ${fill('response="a, ')}`))).toBeLessThan(timesProse);
  });

});
