import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { redactKnownKeys, rememberSecret } from './redact-secrets.js';
import { SplitKeyGuard } from './split-key-guard.js';
import { Stream } from './stream.js';
import type { ChatCompletionChunk } from './types/chat-completion-chunk.js';

// A client's own key, and a key of Groq's shape that this process never saw.
const clientKey = `gsk_${'SplitGuard0123456789abcdef'.repeat(2)}`;
rememberSecret(clientKey);
const groqKey = `gsk_${'Zq7wX2pL9mN4'.repeat(5).slice(0, 52)}`;
// Keys of other shapes that a relay may remember (a gateway's, a tenant's): the guard never follows them.
const otherKey = 'sk-proj-SplitGuard0123456789abcdef';
rememberSecret(otherKey);
const wordKey = 'testing-key-0042';
rememberSecret(wordKey);
// A key with Groq's prefix but not its shape, as a test's client may have.
const wordGroqKey = 'gsk_probe_Secret_77_key';
rememberSecret(wordGroqKey);

type Delta = ChatCompletionChunk['choices'][number]['delta'];
const chunkOf = (delta: Delta, finish: ChatCompletionChunk['choices'][number]['finish_reason'] = null, index = 0): ChatCompletionChunk => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'llama-3.3-70b-versatile',
  system_fingerprint: 'fp_1',
  choices: [{ index, delta, logprobs: null, finish_reason: finish }],
});
const contentChunks = (pieces: string[]): ChatCompletionChunk[] => [...pieces.map((content) => chunkOf({ content })), chunkOf({}, 'stop')];
const streamOf = (items: unknown[]): Stream<ChatCompletionChunk> =>
  new Stream(() => items[Symbol.iterator]() as unknown as AsyncIterator<ChatCompletionChunk>, new AbortController());

/** What a browser reads from the relay's bytes: the chunks, as the SDK's own reader parses them. */
async function relayed(items: unknown[], encoding: 'sse' | 'ndjson' = 'sse'): Promise<ChatCompletionChunk[]> {
  const stream = streamOf(items);
  const bytes = encoding === 'sse' ? stream.toSSEReadableStream({ heartbeatMs: 0 }) : stream.toReadableStream();
  const read = encoding === 'sse' ? Stream.fromSSEResponse<ChatCompletionChunk>(new Response(bytes)) : Stream.fromReadableStream<ChatCompletionChunk>(bytes);
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of read) chunks.push(chunk);
  return chunks;
}
const joined = (chunks: ChatCompletionChunk[], field: 'content' | 'reasoning' = 'content', index = 0): string =>
  chunks.map((chunk) => chunk.choices.find((choice) => choice.index === index)?.delta[field] ?? '').join('');

describe('SplitKeyGuard: a key that an echo spreads over chunks never reaches the browser whole', () => {
  test.each(['sse', 'ndjson'] as const)('a remembered key split at any point between two chunks is redacted (%s)', async (encoding) => {
    for (let at = 1; at < clientKey.length; at++) {
      const chunks = await relayed(contentChunks([`Here: ${clientKey.slice(0, at)}`, `${clientKey.slice(at)} end.`]), encoding);
      // Up to three of its first characters go out before anything shows them to be a key's.
      expect(joined(chunks)).toBe(`Here: ${at < 4 ? clientKey.slice(0, at) : ''}[redacted] end.`);
    }
  });

  test('a Groq key that a model writes a few characters at a time, never seen by this process, is redacted', async () => {
    const pieces = ['The key is ', ...`${groqKey}, keep it safe.`.match(/.{1,3}/gs)!];
    const chunks = await relayed(contentChunks(pieces));
    expect(joined(chunks)).toBe('The key is gsk[redacted], keep it safe.');
    // One frame per chunk: text moves to a later chunk, no chunk is added.
    expect(chunks).toHaveLength(pieces.length + 1);
  });

  test.each(['%67sk_', 'gsk%5F', '\\u0067sk_', 'GSK\\U005F', 'gsk&#95;', 'gsk&#x5F;', '\\x67sk\\x5f'])('a Groq key whose prefix an echo wrote as %s, as the redaction reads it, is redacted when split too', async (prefix) => {
    const chunks = await relayed(contentChunks([`k: ${prefix}${groqKey.slice(4, 14)}`, `${groqKey.slice(14)} ok`]));
    expect(joined(chunks)).toBe('k: gsk_[redacted] ok');
  });

  describe('a Groq key in any spelling the redaction reads in one chunk is redacted split at any point between two', () => {
    const secret = groqKey.slice(4);
    const every = (text: string, spell: (code: number) => string): string => [...text].map((unit) => spell(unit.charCodeAt(0))).join('');
    /** The text with its escapes and entities read, so that a key's characters show however they were written. */
    const read = (text: string): string =>
      text
        .replace(/&#x([0-9a-f]+);|&#(\d+);|%([0-9a-f]{2})|\\u([0-9a-f]{4})/gi, (_, hex?: string, decimal?: string, percent?: string, json?: string) =>
          String.fromCharCode(decimal === undefined ? Number.parseInt(hex ?? percent ?? json!, 16) : Number(decimal)),
        )
        .replace(/&lowbar;|&UnderBar;/g, '_');
    test.each([
      ['the _ as an entity with zeros', `gsk&#095;${secret}`],
      ['the _ as a hex entity with zeros', `gsk&#x005F;${secret}`],
      ['the _ as &lowbar;', `gsk&lowbar;${secret}`],
      ['the _ as &UnderBar;', `gsk&UnderBar;${secret}`],
      ['its g as an entity', `&#103;sk_${secret}`],
      ['its prefix in hex entities', `&#x67;&#x73;&#x6B;&#x5f;${secret}`],
      ['its prefix in capitals, percent-encoded', `%47%53%4B%5F${secret}`],
      ['every character as a decimal entity', every(`gsk_${secret}`, (code) => `&#${code};`)],
      ['every character as a hex entity', every(`gsk_${secret}`, (code) => `&#x${code.toString(16)};`)],
      ['one character of its secret part as an entity, 30 characters in (a word the redaction takes for a key before it)', `gsk_${secret.slice(0, 30)}&#${secret.charCodeAt(30)};${secret.slice(31)}`],
      ['every character percent-encoded', every(`gsk_${secret}`, (code) => `%${code.toString(16).toUpperCase()}`)],
      ['every character as a JSON escape', every(`gsk_${secret}`, (code) => `\\u00${code.toString(16)}`)],
    ])('%s', async (_, key) => {
      const whole = `k: ${key} ok`;
      expect(read(key).toLowerCase()).toBe(groqKey.toLowerCase());
      expect(redactKnownKeys(whole)).toBe('k: gsk_[redacted] ok');
      const splits = [
        ...Array.from({ length: whole.length - 1 }, (_, at) => [whole.slice(0, at + 1), whole.slice(at + 1)]),
        // A few characters at a time, as a model writes.
        ...Array.from({ length: 12 }, (_, size) => whole.match(new RegExp(`.{1,${size + 1}}`, 'gs'))!),
      ];
      for (const pieces of splits) {
        const shown = read(joined(await relayed(contentChunks(pieces))));
        expect(shown, pieces.join('|')).toMatch(/^k: .*\[redacted\] ok$/);
        for (let from = 4; from + 8 <= groqKey.length; from++) expect(shown, pieces.join('|')).not.toContain(groqKey.slice(from, from + 8));
      }
    });
  });

  test('a key spaced out with invisible characters over several chunks is redacted', async () => {
    const spaced = [...clientKey].join('\u200b');
    const pieces = ['a ', ...spaced.match(/.{1,5}/gs)!, '\n', ' b'];
    expect(joined(await relayed(contentChunks(pieces)))).toBe('a g\u200bs\u200bk[redacted]\n b');
  });

  test('a key whose first characters went out before it showed is redacted from there on', async () => {
    expect(joined(await relayed(contentChunks(['My key: gs', `k_${groqKey.slice(4, 30)}`, `${groqKey.slice(30)} ok`])))).toBe('My key: gs[redacted] ok');
    expect(joined(await relayed(contentChunks(['x g', `${clientKey.slice(1)} y`])))).toBe('x g[redacted] y');
  });

  describe('a Groq key that a separator splits, as the redaction of the whole text reads it (pieces that make 52), is redacted', () => {
    const secret = 'Ab3dEf5hIj7lMn9pQr1tUv3xYz5bCd4fGh6jKl8nOp0rSt2vWx4z';
    const broken = `gsk_${secret.slice(0, 30)}\n${secret.slice(30)}`;
    const inPieces = (text: string, size: number): string[] => text.match(new RegExp(`.{1,${size}}`, 'gs'))!;

    test('its gsk gone out before its _ came: the piece after the line break is no key of its own', async () => {
      // gsk_ and 30 letters is a word the redaction takes for a key: ended there, the 22 after the line break went out.
      expect(redactKnownKeys(`k: ${broken} ok`)).toBe('k: gsk_[redacted] ok');
      expect(joined(await relayed(contentChunks(inPieces(`k: ${broken} ok`, 3))))).toBe('k: gsk[redacted] ok');
    });

    test.each([3, 7])('another key glued after it, %i characters at a time: its gsk is no letters of the last piece', async (size) => {
      // In 7s, the chunk that completed the first key ended in the glued key's gsk: its redaction counted 55.
      const whole = `k: ${broken}${groqKey} ok`;
      expect(redactKnownKeys(whole)).toBe('k: gsk_[redacted]gsk_[redacted] ok');
      const shown = joined(await relayed(contentChunks(inPieces(whole, size))));
      expect(shown).toMatch(/^k: gsk_?\[redacted\]gsk_?\[redacted\] ok$/);
    });

    test('its gsk gone out before its _ came, the answer ending in its letters: they go out as [redacted]', async () => {
      // Held while more pieces might come; at the end, a word that ends the text is a key too, as in the whole text's redaction.
      const pieces = ['k: ', 'gsk', `_${secret.slice(0, 30)}`];
      expect(redactKnownKeys(pieces.join(''))).toBe('k: gsk_[redacted]');
      const last = chunkOf({ content: pieces[2]! }, 'stop');
      for (const items of [contentChunks(pieces), [...contentChunks(pieces).slice(0, 2), last], contentChunks(pieces).slice(0, -1)]) {
        expect(joined(await relayed(items)), JSON.stringify(items.map((item) => item.choices[0]!.finish_reason))).toBe('k: gsk[redacted]');
      }
    });

    test('cut into pieces by separators, in chunks of any size, before what may follow a key: no run of its characters shows', async () => {
      const alphanumeric = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.constantFrom(...alphanumeric), { minLength: 52, maxLength: 52 }).map((units) => units.join('')),
          fc.uniqueArray(fc.integer({ min: 1, max: 51 }), { minLength: 1, maxLength: 3 }),
          fc.constantFrom('\n', ' ', '\u200b', '\\n', '\n  '),
          fc.constantFrom(' ok', '', '.', ' gsk_x', 'gsk', 'gsk_x ok', groqKey, `%67sk_${groqKey.slice(4)}`),
          fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }),
          fc.boolean(),
          async (key, cuts, gap, after, sizes, finished) => {
            const points = [...cuts].sort((a, b) => a - b);
            const whole = `k: gsk_${[0, ...points].map((from, index) => key.slice(from, [...points, 52][index])).join(gap)}${after}`;
            const pieces: string[] = [];
            for (let at = 0, index = 0; at < whole.length; index++) {
              const size = sizes[index % sizes.length]!;
              pieces.push(whole.slice(at, at + size));
              at += size;
            }
            const runs = (text: string) => Array.from({ length: 45 }, (_, from) => key.slice(from, from + 8)).filter((run) => text.replaceAll(gap, '').includes(run));
            // The guard agrees with the redaction of the whole text, which hides each such key.
            expect(runs(redactKnownKeys(whole))).toEqual([]);
            const items = pieces.map((content) => chunkOf({ content }));
            expect(runs(joined(await relayed(finished ? [...items, chunkOf({}, 'stop')] : items))), JSON.stringify(pieces)).toEqual([]);
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  test("the reasoning, a refusal and each tool call's arguments are guarded apart", async () => {
    const items = [
      chunkOf({ reasoning: `I will use ${clientKey.slice(0, 10)}` }),
      chunkOf({ reasoning: `${clientKey.slice(10)} now.` }),
      chunkOf({ refusal: `No: ${groqKey.slice(0, 9)}` } as Delta),
      chunkOf({ refusal: `${groqKey.slice(9)}.` } as Delta),
      chunkOf({ tool_calls: [{ index: 0, id: 'call_0', type: 'function', function: { name: 'a', arguments: '{"x":"' } }] }),
      chunkOf({ tool_calls: [{ index: 1, id: 'call_1', type: 'function', function: { name: 'b', arguments: `{"key":"${groqKey.slice(0, 30)}` } }] }),
      chunkOf({ tool_calls: [{ index: 0, function: { arguments: 'g"}' } }] }),
      chunkOf({ tool_calls: [{ index: 1, function: { arguments: `${groqKey.slice(30)}"}` } }] }),
      chunkOf({}, 'tool_calls'),
    ];
    const chunks = await relayed(items);
    expect(joined(chunks, 'reasoning')).toBe('I will use [redacted] now.');
    expect(chunks.map((chunk) => (chunk.choices[0]!.delta as { refusal?: string }).refusal ?? '').join('')).toBe('No: gsk_[redacted].');
    const argumentsOf = (call: number) =>
      chunks.flatMap((chunk) => chunk.choices[0]!.delta.tool_calls ?? []).filter((item) => item.index === call).map((item) => item.function?.arguments ?? '').join('');
    expect(argumentsOf(0)).toBe('{"x":"g"}');
    expect(argumentsOf(1)).toBe('{"key":"gsk_[redacted]"}');
    expect(JSON.stringify(chunks)).not.toContain(groqKey.slice(4, 24));
  });

  test.each(['sse', 'ndjson'] as const)('tool calls sent without index (one per delta) are guarded by id: held text stays with its own call (%s)', async (encoding) => {
    type ToolCallDelta = NonNullable<Delta['tool_calls']>[number];
    const unindexed = (call: object) => chunkOf({ tool_calls: [call as ToolCallDelta] });
    const items = [
      unindexed({ id: 'call_a', type: 'function', function: { name: 'a', arguments: `{"key":"${groqKey.slice(0, 30)}` } }),
      unindexed({ id: 'call_b', type: 'function', function: { name: 'b', arguments: '{"x":' } }),
      unindexed({ function: { arguments: '1}' } }),
      chunkOf({}, 'tool_calls'),
    ];
    const chunks = await relayed(items, encoding);
    // No piece gained an index: the browser merges them by id as the server sent them.
    expect(chunks.flatMap((chunk) => chunk.choices[0]!.delta.tool_calls ?? []).every((item) => item.index === undefined)).toBe(true);
    const completion = await streamOf(chunks).finalChatCompletion();
    expect(completion.choices[0]!.message.tool_calls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'a', arguments: '{"key":"gsk_[redacted]' } },
      { id: 'call_b', type: 'function', function: { name: 'b', arguments: '{"x":1}' } },
    ]);
  });

  test("a legacy function_call's arguments, which readers join as a tool call's, are guarded too", async () => {
    const items = [
      chunkOf({ function_call: { name: 'f', arguments: `{"key":"${clientKey.slice(0, 12)}` } } as Delta),
      chunkOf({ function_call: { arguments: `${clientKey.slice(12)}"}` } } as Delta),
      chunkOf({ function_call: { arguments: '{"a":"gsk_' } } as Delta, null, 1),
      chunkOf({}, 'function_call'),
    ];
    const chunks = await relayed(items);
    const argumentsOf = (index: number) => chunks.map((chunk) => (chunk.choices.find((choice) => choice.index === index)?.delta as { function_call?: { arguments?: string } } | undefined)?.function_call?.arguments ?? '').join('');
    expect(argumentsOf(0)).toBe('{"key":"[redacted]"}');
    // Held to the end of a stream that gave choice 1 no finish_reason: it comes in the chunk added for it.
    expect(argumentsOf(1)).toBe('{"a":"gsk_');
    expect(chunks.at(-1)!.choices).toEqual([{ index: 1, delta: { function_call: { arguments: 'gsk_' } }, logprobs: null, finish_reason: null }]);
  });

  test('an answer whose pieces end in a few of a key\'s first characters is passed on chunk for chunk, unchanged', async () => {
    const items = contentChunks(['I am walking', ' home, g', 'sk', ' is no key, nor is s', 'k-', 'proj.', ' Bag', 's.']);
    expect(await relayed(items)).toEqual(items);
  });

  test('what is held never depends on a key this process remembers: a probe of its next character learns nothing', () => {
    // Held or not shows in the chunks a browser gets. Had it depended on a remembered key, a prompt could make the
    // model write a key's known start and each possible next character, and read from the chunks which one it
    // is: the base64 form of a Groq key begins with the public `Z3NrX`, and each next character had one answer.
    // So each next character must fare as one of its kind that no key has there.
    const probes = [clientKey.slice(0, 20), `sk-proj-${otherKey.slice(8, 20)}`, btoa(clientKey).slice(0, 30), clientKey.slice(4, 24), wordKey.slice(0, 12), wordGroqKey.slice(0, 16)];
    const decoyOf = (unit: string): string => (/[a-z]/.test(unit) ? (unit === 'q' ? 'j' : 'q') : /[A-Z]/.test(unit) ? (unit === 'Q' ? 'J' : 'Q') : /[0-9]/.test(unit) ? (unit === '7' ? '4' : '7') : unit);
    const sent = (content: string): unknown => new SplitKeyGuard().pass(chunkOf({ content }));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_';
    for (const known of probes) {
      for (const next of alphabet) {
        const [real, decoy] = [`say ${known}${next}`, `say ${known}${decoyOf(next)}`];
        expect(JSON.stringify(sent(real)).replace(real, decoy), real).toBe(JSON.stringify(sent(decoy)));
      }
    }
  });

  test('a key of another shape than Groq\'s, split over chunks, is not followed: each piece is redacted on its own only', async () => {
    // The limit that keeps the guard from telling anything of a key (above): such a key is redacted whole in one chunk.
    const items = contentChunks([`a ${otherKey.slice(0, 12)}`, `${otherKey.slice(12)} b`, `c ${otherKey} d`]);
    const chunks = await relayed(items);
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content)).toEqual([`a ${otherKey.slice(0, 12)}`, `${otherKey.slice(12)} b`, 'c [redacted] d', undefined]);
  });

  test("an end that may begin a key goes out with the next piece, or with the choice's last chunk", async () => {
    const chunks = await relayed(contentChunks(['Keys look like gsk_', 'abc1, ', 'or g sk', '_…']));
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content)).toEqual(['Keys look like ', 'gsk_abc1, ', 'or g sk', '_…', undefined]);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
  });

  test('a stream that ends without a finish_reason gets what was held in one chunk more, with the same id and model', async () => {
    const items = [chunkOf({ content: 'Key: gsk_' }), chunkOf({ content: 'ab' })];
    const chunks = await relayed(items);
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content)).toEqual(['Key: ', '', 'gsk_ab']);
    expect(chunks[2]).toEqual(chunkOf({ content: 'gsk_ab' }));
    // As newline-delimited JSON too, before the chunk that finishes the choice where SSE writes [DONE].
    const lines = (await new Response(streamOf(items).toReadableStream()).text()).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([chunkOf({ content: 'Key: ' }), chunkOf({ content: '' }), chunkOf({ content: 'gsk_ab' }), chunkOf({}, 'stop')]);
  });

  test('what is held is dropped when the stream fails: the browser gets the error, not a key cut short', async () => {
    const failing = new Stream<ChatCompletionChunk>(async function* () {
      yield chunkOf({ content: 'Key: gsk_ab' });
      throw new Error('upstream reset');
    }, new AbortController());
    const text = await new Response(failing.toSSEReadableStream({ heartbeatMs: 0 })).text();
    expect(text).toMatch(/^data: .*"content":"Key: ".*\n\nevent: error\n/s);
    expect(text).not.toContain('gsk_ab');
  });

  test("choices are guarded apart: one choice's piece never completes another's", async () => {
    const items = [chunkOf({ content: `x ${clientKey.slice(0, 12)}` }, null, 0), chunkOf({ content: `${clientKey.slice(12)} y` }, null, 1), chunkOf({ content: `${clientKey.slice(12)} z` }, 'stop', 0), chunkOf({}, 'stop', 1)];
    const chunks = await relayed(items);
    expect(joined(chunks, 'content', 0)).toBe('x [redacted] z');
    expect(joined(chunks, 'content', 1)).toBe(`${clientKey.slice(12)} y`);
  });

  test('an empty finish_reason, as a sloppy server sends on every chunk, ends no choice: a key split over such chunks is redacted', async () => {
    // The SDK's readers take only a reason for an end (see ChoiceTracker); the guard let go of what it held on "".
    const items = [chunkOf({ content: `k: ${groqKey.slice(0, 20)}` }, '' as never), chunkOf({ content: `${groqKey.slice(20)} ok` }, '' as never), chunkOf({}, 'stop')];
    for (const encoding of ['sse', 'ndjson'] as const) expect(joined(await relayed(items, encoding))).toBe('k: gsk_[redacted] ok');
  });

  test("a choice that a server goes on with after its finish_reason: the rest of a key begun in its last chunk is redacted", async () => {
    // Groq never does this, but the SDK's readers take such a chunk as the choice going on (see ChoiceTracker), and a
    // browser joins its text to what came before: the guard let go of the key's start with the finish, and the rest
    // went out as it came, the whole key in the browser's text.
    for (const [key, at, shown] of [
      [groqKey, 16, `gsk_${groqKey.slice(4, 16)}`],
      [groqKey, 30, 'gsk_[redacted]'],
      [clientKey, 24, 'gsk_[redacted]'],
    ] as const) {
      const items = [chunkOf({ content: `k: ${key.slice(0, at)}` }, 'stop'), chunkOf({ content: `${key.slice(at)} ok` }), chunkOf({}, 'stop')];
      for (const encoding of ['sse', 'ndjson'] as const) expect(joined(await relayed(items, encoding)), `${at} ${encoding}`).toBe(`k: ${shown}[redacted] ok`);
    }
    // A finish_reason on each of its pieces: the rest of the key after the piece that the redaction took for one.
    const pieces = ['k: ', groqKey.slice(0, 10), groqKey.slice(10, 20), groqKey.slice(20, 30), `${groqKey.slice(30)} ok`];
    const items = pieces.map((content, position) => chunkOf({ content }, position >= 2 ? 'stop' : null));
    for (const encoding of ['sse', 'ndjson'] as const) expect(joined(await relayed(items, encoding)), encoding).toBe(`k: gsk_${groqKey.slice(4, 20)}[redacted][redacted] ok`);
  });

  test('the chunk the server code sees is the upstream one; only the frame changes', async () => {
    const items = contentChunks(['Like gsk_', 'this.']);
    const pairs = [];
    for await (const pair of streamOf(items).sseDataFrames()) pairs.push(pair);
    expect(pairs.map(({ chunk }) => chunk)).toEqual(items);
    expect(pairs[0]!.frame).toContain('"content":"Like "');
    expect(pairs[1]!.frame).toContain('"content":"gsk_this."');
  });

  test('no more than 512 characters are held: separators past that are let through', async () => {
    const chunks = await relayed(contentChunks(['gsk_', ' '.repeat(600), 'x']));
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content)).toEqual(['', `gsk_${' '.repeat(600)}`, 'x', undefined]);
  });

  test('no more than 512 characters are held when the key began in what went out before either', async () => {
    const chunks = await relayed(contentChunks(['a gs', 'k_', ' '.repeat(300), ' '.repeat(300), 'x']));
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content)).toEqual(['a gs', '', '', `k_${' '.repeat(600)}`, 'x', undefined]);
  });

  test('no more than 512 characters are held when a key begun in what went out may go on past separators', async () => {
    // gsk_ and 30 letters may go on after a line break (a key split in two): held while it may, not past 512.
    const letters = 'Ab3dEf5hIj'.repeat(3);
    const chunks = await relayed(contentChunks(['a gs', `k_${letters}`, ' '.repeat(300), ' '.repeat(300), 'x']));
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content)).toEqual(['a gs', '', '', `[redacted]${' '.repeat(600)}`, 'x', undefined]);
  });

  test('any split of an answer with the key in it never lets the key through; without one, the text arrives unchanged', async () => {
    // Short words, a stop now and then: no run of letters long enough to be taken for a key.
    const word = fc.constantFrom('g', 'gs', 'gsk', 'gsk_', 'Gsk_', 'sk', 'sk-', 'sk-proj', 'c2st', 'proj-', 'bag', 'king', 'the', '\u200b', '\n', '\\', '\\n', '%67', 'gsk%5', '\\u0067', '&', '&#103;', 'gsk&#9', '&lowbar;', '&#x4');
    const sentence = fc.array(word, { minLength: 1, maxLength: 5 }).map((words) => `${words.join(' ')}.`);
    const text = fc.array(sentence, { maxLength: 6 }).map((sentences) => sentences.join(' '));
    const splits = fc.array(fc.nat(), { maxLength: 12 });
    const piecesOf = (whole: string, cuts: number[]) => {
      const points = [...new Set(cuts.map((cut) => cut % (whole.length + 1)))].sort((a, b) => a - b);
      return [0, ...points].map((from, index) => whole.slice(from, [...points, whole.length][index]));
    };
    await fc.assert(
      fc.asyncProperty(text, text, fc.constantFrom(clientKey, groqKey, `gsk%5F${groqKey.slice(4)}`, `&#103;sk&lowbar;${groqKey.slice(4)}`), fc.constantFrom('', '\u200b', ' ', '\n'), fc.boolean(), splits, async (before, after, key, gap, finished, cuts) => {
        const plain = `${before} ${after}`;
        const items = (whole: string) => {
          const pieces = piecesOf(whole, cuts).map((content) => chunkOf({ content }));
          return finished ? [...pieces, chunkOf({}, 'stop')] : pieces;
        };
        expect(joined(await relayed(items(plain)))).toBe(plain);
        // The key whole, or spaced out as a page or an echo may write it: between characters, an entity being one.
        const echoed = key.match(/(?:&#?\w+;|.){1,7}/g)!.join(gap);
        const leaked = joined(await relayed(items(`${before} ${echoed} ${after}`)));
        expect(leaked).not.toContain(key);
        expect(leaked.replaceAll(gap || '\0', '')).not.toContain(key.slice(3));
      }),
      { numRuns: 150 },
    );
  });
});

describe('SplitKeyGuard.pass', () => {
  /** The text a guard sends for each piece of one choice's content, none of them its last. */
  const sentFor = (pieces: string[]): string[] => {
    const guard = new SplitKeyGuard();
    return pieces.map((content) => (guard.pass(chunkOf({ content })) as ChatCompletionChunk).choices[0]!.delta.content!);
  };

  test("holds back an end with four or more of a key's first characters, until its shape breaks or the key is whole", () => {
    expect(sentFor(['walking', ' a gsk', '_', 'Ab1', '.'])).toEqual(['walking', ' a gsk', '', '', '_Ab1.']);
    expect(sentFor(['a GSK_12ab', ' cd'])).toEqual(['a ', '']);
    expect(sentFor([`a ${clientKey.slice(0, 9)}`, `${clientKey.slice(9)} b`])).toEqual(['a ', `${clientKey} b`]);
    expect(sentFor(['gsk_abc.'])).toEqual(['gsk_abc.']);
    expect(sentFor([groqKey])).toEqual([groqKey]);
    // A backslash last may start a written-out \n between two of the key's characters.
    expect(sentFor(['gsk_a\\', 'n'])).toEqual(['', '']);
  });

  test('hands back the same chunk when nothing moves, and anything that is no chunk as it is', () => {
    const guard = new SplitKeyGuard();
    const chunk = chunkOf({ content: 'Hello.' });
    expect(guard.pass(chunk)).toBe(chunk);
    expect(guard.pass('not a chunk')).toBe('not a chunk');
    expect(guard.pass({ choices: [null, { delta: 'text' }] })).toEqual({ choices: [null, { delta: 'text' }] });
    expect(guard.end()).toBeUndefined();
  });
});
