/** An event as {@link interpretEventStream} dispatches it. */
export interface InterpretedEvent {
  /** The event type buffer, or `message` when it was empty. */
  event: string;
  /** The data buffer without its last line feed. */
  data: string;
  /** The last event ID string at the dispatch. */
  id: string;
  /** The reconnection time at the dispatch, in ms; `undefined` while no `retry` field set it. */
  retry: number | undefined;
}

/** What {@link interpretEventStream} made of a whole stream. */
export interface InterpretedStream {
  events: InterpretedEvent[];
  /** The reconnection time at the end of the stream. */
  retry: number | undefined;
}

const lineFeed = '\n';
const carriageReturn = '\r';

/**
 * The WHATWG HTML standard's "interpreting an event stream", step by step as it is written, over a whole byte
 * stream at once: the oracle that the streaming parser, fed the same bytes in pieces, must agree with. Written
 * for being read against the standard, not for speed; it shares no code with `SSEDecoder`.
 *
 * One deviation, the project's (SSE-CASES.md 14, core README "SSE parsing"): where the standard discards at the
 * end of the stream an event still waiting for its blank line, it is dispatched when the stream ended with a
 * line break, or in a cut-off line that is a comment or an unknown field; a cut-off line that is, or may
 * become, a `data`, `event`, `id` or `retry` field (`data: x`, `data`, `dat`, `i`) is discarded with the event.
 */
export function interpretEventStream(bytes: Uint8Array): InterpretedStream {
  // "UTF-8 decode": a leading BOM is removed, once; invalid bytes become U+FFFD. One call, so no character is split.
  const text = new TextDecoder('utf-8').decode(bytes);
  const events: InterpretedEvent[] = [];
  let dataBuffer = '';
  let eventTypeBuffer = '';
  let lastEventIdBuffer = '';
  let lastEventId = '';
  let reconnectionTime: number | undefined;

  const dispatch = (): void => {
    lastEventId = lastEventIdBuffer;
    if (dataBuffer === '') {
      eventTypeBuffer = '';
      return;
    }
    if (dataBuffer.endsWith(lineFeed)) dataBuffer = dataBuffer.slice(0, -1);
    events.push({ event: eventTypeBuffer === '' ? 'message' : eventTypeBuffer, data: dataBuffer, id: lastEventId, retry: reconnectionTime });
    dataBuffer = '';
    eventTypeBuffer = '';
  };

  const processField = (field: string, value: string): void => {
    if (field === 'event') eventTypeBuffer = value;
    else if (field === 'data') dataBuffer += value + lineFeed;
    else if (field === 'id') {
      if (!value.includes('\0')) lastEventIdBuffer = value;
    } else if (field === 'retry') {
      // "Consists of only ASCII digits": an empty value holds no integer to interpret, so it is ignored too.
      if (value !== '' && [...value].every((character) => character >= '0' && character <= '9')) reconnectionTime = Number.parseInt(value, 10);
    }
    // Any other field name is ignored.
  };

  const processLine = (line: string): void => {
    if (line === '') {
      dispatch();
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    if (colon === -1) {
      processField(line, '');
      return;
    }
    let value = line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    processField(line.slice(0, colon), value);
  };

  // Lines end with CRLF, a lone LF or a lone CR; what follows the last line ending is a line cut off.
  let lineStart = 0;
  for (let at = 0; at < text.length; at++) {
    const character = text[at];
    if (character !== lineFeed && character !== carriageReturn) continue;
    processLine(text.slice(lineStart, at));
    if (character === carriageReturn && text[at + 1] === lineFeed) at++;
    lineStart = at + 1;
  }
  const cutOff = text.slice(lineStart);
  if (!mayBeKeptField(cutOff)) dispatch();
  return { events, retry: reconnectionTime };
}

const keptFields = ['data', 'event', 'id', 'retry'];

/** Whether a line cut off by the end of the stream is, or may have become, a `data`, `event`, `id` or `retry` field. */
function mayBeKeptField(cutOff: string): boolean {
  if (cutOff === '') return false;
  const colon = cutOff.indexOf(':');
  if (colon !== -1) return keptFields.includes(cutOff.slice(0, colon));
  return keptFields.some((name) => name.startsWith(cutOff));
}
