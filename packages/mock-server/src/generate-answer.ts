import { createSeededRandom, hashString } from './seeded-random.js';

// Accented words, curly quotes and emoji appear on purpose: clients must decode multi-byte UTF-8
// that a network may split anywhere.
const WORDS = [
  'streaming', 'tokens', 'arrive', 'quickly', 'over', 'the', 'wire', 'and', 'each', 'chunk', 'carries',
  'a', 'small', 'piece', 'of', 'text', 'café', 'naïve', 'résumé', 'déjà', 'vu', 'über', 'jalapeño',
  '“fast”', '“deterministic”', 'model', 'answer', 'server', 'client', 'browser', 'relay', 'latency',
  'is', 'low', 'so', 'users', 'see', 'words', 'appear', 'one', 'by', 'one', 'while', 'it', 'thinks',
];
const EMOJI = ['🚀', '✨', '⚡', '🎉', '🙂'];
const EXCERPT_WORDS = 8;

/**
 * The deterministic answer of the mock to a prompt, as the list of content tokens it streams.
 *
 * The same prompt always gives the same tokens, in every process. The answer quotes the prompt, then
 * adds a few pseudo-random sentences seeded by it (with curly quotes, accented letters and now and then
 * an emoji). With `count`, exactly that many tokens are returned; a shorter answer is always a prefix
 * of a longer one for the same prompt.
 *
 * @param prompt - the text of the last user message
 * @param count - number of tokens wanted; by default the answer's natural length (about 30 to 70 tokens)
 */
export function generateAnswerTokens(prompt: string, count?: number): string[] {
  const random = createSeededRandom(hashString(prompt));
  // Drawn first, whatever `count` is, so that every length continues the same random sequence.
  const naturalSentences = 2 + Math.floor(random() * 3);
  const excerpt = excerptWords(prompt, EXCERPT_WORDS);
  const tokens = excerpt.length === 0 ? ['You', ' asked', ' nothing', ' at', ' all', '.'] : ['You', ' asked', ':', ' “', ...excerpt, '”', '.'];
  if (count === undefined) {
    for (let sentence = 0; sentence < naturalSentences; sentence++) appendSentence(tokens, random);
    return tokens;
  }
  while (tokens.length < count) appendSentence(tokens, random);
  tokens.length = count;
  return tokens;
}

/**
 * The deterministic reasoning that the `reasoning` scenario streams (as `delta.reasoning`) before the answer.
 *
 * @param prompt - the text of the last user message
 */
export function generateReasoningTokens(prompt: string): string[] {
  const excerpt = excerptWords(prompt, 4);
  const subject = excerpt.length === 0 ? [' an', ' empty', ' prompt'] : [' “', ...excerpt, '”'];
  return ['Let', ' me', ' think', ' about', ...subject, '.', ' A', ' short', ',', ' friendly', ' answer', ' will', ' do', '.'];
}

// The first `limit` words of the prompt as tokens (a space before all but the first), `…` if cut.
function excerptWords(prompt: string, limit: number): string[] {
  const words = prompt.split(/\s+/u).filter((word) => word.length > 0);
  const excerpt = words.slice(0, limit).map((word, index) => (index === 0 ? word : ` ${word}`));
  if (words.length > limit) excerpt[limit - 1] += '…';
  return excerpt;
}

function appendSentence(tokens: string[], random: () => number): void {
  const length = 5 + Math.floor(random() * 9);
  for (let index = 0; index < length; index++) {
    const word = WORDS[Math.floor(random() * WORDS.length)] ?? 'token';
    tokens.push(index === 0 ? ` ${word.charAt(0).toUpperCase()}${word.slice(1)}` : ` ${word}`);
    if (index > 1 && index < length - 2 && random() < 0.08) tokens.push(',');
  }
  tokens.push('.');
  if (random() < 0.25) tokens.push(` ${EMOJI[Math.floor(random() * EMOJI.length)] ?? '🙂'}`);
}
