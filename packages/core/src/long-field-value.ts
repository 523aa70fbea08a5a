// Lines whose value the SSE parser keeps until they end; it skips any other line (a comment, an unknown field).
export const keptFields = ['data', 'event', 'id', 'retry'];
// Enough of a line to tell which field it is and where its value starts: `event: ` and `retry: ` are the longest.
export const fieldHeadLength = 'event: '.length;
// The shortest field name with its colon: a line no longer than a limit and this holds no value over the limit.
export const shortestFieldHead = 'id:'.length;
const colon = 58;
const space = 32;

/**
 * Where, in `text`, a `data`, `event`, `id` or `retry` line starts whose value is longer than `maxSize`: 0 also
 * for the line `text` continues (`lineLength` characters of it came before, starting with `lineHead()`); -1 when
 * there is none. Lines still arriving count as far as they came. Linear in `text`, and nothing to do unless
 * some line may be that long: `SSEDecoder` uses it so that such a value fails however the bytes were split.
 */
export function longFieldValueAt(text: string, lineLength: number, lineHead: () => string, maxSize: number): number {
  if (lineLength + text.length <= maxSize + shortestFieldHead) return -1;
  let head = lineLength === 0 ? '' : lineHead();
  let carried = lineLength;
  let start = 0;
  // The next CR and LF, each searched for again only once passed, so that many short lines cost one pass.
  let lineFeedAt = text.indexOf('\n');
  let carriageReturnAt = text.indexOf('\r');
  for (;;) {
    if (lineFeedAt !== -1 && lineFeedAt < start) lineFeedAt = text.indexOf('\n', start);
    if (carriageReturnAt !== -1 && carriageReturnAt < start) carriageReturnAt = text.indexOf('\r', start);
    const end = lineFeedAt === -1 ? carriageReturnAt : carriageReturnAt === -1 ? lineFeedAt : Math.min(lineFeedAt, carriageReturnAt);
    const length = carried + (end === -1 ? text.length : end) - start;
    if (length > maxSize + shortestFieldHead) {
      const valueStart = fieldValueStart((head + text.slice(start, start + fieldHeadLength)).slice(0, fieldHeadLength));
      if (valueStart !== -1 && length - valueStart > maxSize) return start;
    }
    if (end === -1) return -1;
    head = '';
    carried = 0;
    start = end + 1;
  }
}

/**
 * Where the value of a `data`, `event`, `id` or `retry` line starts (after its colon and one space), from the
 * line's first characters; -1 for any other line.
 */
function fieldValueStart(head: string): number {
  for (const name of keptFields) {
    if (head.startsWith(name) && head.charCodeAt(name.length) === colon) return name.length + (head.charCodeAt(name.length + 1) === space ? 2 : 1);
  }
  return -1;
}
