import { describe, expect, test } from 'vitest';
import { createRandom } from './test/create-random.js';
import { UnterminatedLine } from './unterminated-line.js';

const headLength = 'event: '.length;

/** What `head()` must give once `text` follows a line that began with `head`: the first 7 characters of the line it ends in. */
function headAfter(head: string, text: string): string {
  const lineStart = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1;
  return lineStart > 0 ? text.slice(lineStart, lineStart + headLength) : (head + text.slice(0, headLength)).slice(0, headLength);
}

describe('UnterminatedLine', () => {
  test('head() is the start of the line the text ends in, whether it is asked after every piece or now and then', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = createRandom(seed);
      const line = new UnterminatedLine();
      let expected = '';
      // Short pieces, line breaks anywhere in them, lines long enough (past 4 Ki characters) to be folded.
      const alphabet = random.pick(['ab:', 'data: x', 'ab\n', 'a\r\nb', 'x']);
      const pieces = random.int(1, 3000);
      for (let index = 0; index < pieces; index++) {
        const piece = random.next() < 0.02 ? 'y'.repeat(random.int(1, 5000)) : random.chars(alphabet, random.int(1, random.pick([1, 3, 12])));
        line.remember(piece);
        expected = headAfter(expected, piece);
        // Asked at every piece (as SSEDecoder does before the first event), or only now and then.
        if (seed % 2 === 0 || random.next() < 0.1) {
          const head = line.head();
          if (head !== expected) expect(head, `seed ${seed}, piece ${index}`).toBe(expected);
        }
      }
      expect(line.head(), `seed ${seed}, at the end`).toBe(expected);
    }
  });

  test('a line that arrives a character at a time keeps its head once it has one, and a line break starts it anew', () => {
    const line = new UnterminatedLine();
    for (const character of ': a comment that goes on') {
      line.remember(character);
      line.head();
    }
    expect(line.head()).toBe(': a com');
    line.remember('ment\nda');
    expect(line.head()).toBe('da');
    line.remember('ta: x');
    expect(line.head()).toBe('data: x');
    expect(line.mayBeKeptField()).toBe(true);
    line.remember('\n');
    expect(line.head()).toBe('');
    line.remember('retr');
    expect(line.mayBeKeptField()).toBe(true);
    line.remember('ies: 3');
    expect(line.mayBeKeptField()).toBe(false);
  });
});
