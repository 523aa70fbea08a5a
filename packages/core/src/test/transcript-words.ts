import type { Random } from './create-random.js';

// Words that content chunks are made of, by kind, with how often each kind is drawn. Mostly
// English, as real answers are, but with enough accents, CJK, emoji, typographic quotes and
// characters that JSON must escape (`"`, `\`, newlines, tabs) to catch decoding and escaping bugs.
const WORD_KINDS: readonly (readonly [weight: number, words: readonly string[]])[] = [
  [
    60,
    [
      'the', 'model', 'streams', 'tokens', 'quickly', 'and', 'each', 'chunk', 'arrives', 'as', 'a',
      'small', 'piece', 'of', 'text', 'latency', 'matters', 'because', 'inference', 'is', 'fast',
      'response', 'server', 'client', 'however', 'for', 'example', 'function', 'returns', 'value',
      'in', 'this', 'case', 'you', 'can', 'use', 'it', 'to', 'with', 'that', 'we', 'will', 'first',
      'then', 'finally', 'note', 'step', 'result', 'data', 'request', 'stream', 'JSON', 'API', 'Groq',
    ],
  ],
  [
    12,
    [
      'café', 'naïve', 'résumé', 'Zürich', 'São', 'Paulo', 'façade', 'crème', 'brûlée', 'Ångström',
      'jalapeño', 'señor', 'Łódź', 'Dvořák', 'Ελληνικά', 'Привет', 'мир', 'Straße', 'Øresund',
    ],
  ],
  [8, ['東京', '日本語', '你好', '世界', '한국어', 'こんにちは', '漢字', 'مرحبا', 'שלום', 'नमस्ते']],
  [6, ['🚀', '👍🏽', '🎉', '👨‍👩‍👧', '🇫🇷', '✨', '😀', '🤖']],
  [6, ['“quoted”', '‘single’', '«guillemets»', '„Zitat“', '—', '…', '•', '€42', '±3°C']],
  [8, ['"', '"quoted"', '\\', 'C:\\Users', '\n', '\n\n', '\t', '```', '`code`', '{"a":1}', '\r\n']],
];

const TOTAL_WEIGHT = WORD_KINDS.reduce((sum, [weight]) => sum + weight, 0);

function pickWord(random: Random): string {
  let roll = random.next() * TOTAL_WEIGHT;
  for (const [weight, words] of WORD_KINDS) {
    roll -= weight;
    if (roll < 0) return random.pick(words);
  }
  return random.pick(WORD_KINDS[0]![1]);
}

/**
 * Text of one content chunk: `count` words, each preceded by a space the way model tokens are
 * (except line breaks, which stand alone).
 */
export function createWords(random: Random, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    const word = pickWord(random);
    text += word.startsWith('\n') || word.startsWith('\r') ? word : ` ${word}`;
  }
  return text;
}
