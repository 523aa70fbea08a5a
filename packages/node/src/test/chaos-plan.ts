import { createRandom } from '@groq-stream/core/test';

// The plans chaos-upstream.ts serves: a seeded answer, its SSE body, one fault and how the bytes go out.

export type SegmentKind = 'role' | 'content' | 'finish' | 'done' | 'comment' | 'errorEvent' | 'errorData' | 'invalid';

/** One SSE frame of the body, with byte offsets: `lineEnd` is just after the data line's end, `end` after the frame. */
export interface Segment {
  kind: SegmentKind;
  text: string;
  start: number;
  lineEnd: number;
  /** Just after the first character of the blank line that dispatches the event. */
  dispatchAt: number;
  end: number;
}

export type FaultKind = 'none' | 'fin' | 'rst' | 'stall' | 'errorEvent' | 'errorData' | 'invalid' | 'framing';

export interface Plan {
  seed: number;
  framing: 'chunked' | 'close';
  /** `connection:` header of the response (chunked only may be keep-alive). */
  connection: 'close' | 'keep-alive';
  /**
   * A keep-alive response says `keep-alive: timeout=1`, which both clients take as "do not pool"; without
   * it a complete response's connection may go back to the client's pool (and be reused by another case).
   */
  keepAliveHint: boolean;
  fault: FaultKind;
  /** Body bytes the client can decode before the fault (the whole body for none and the frame faults that continue). */
  offset: number;
  /** For the frame faults: whether the server carries on with the rest of the body, or stalls after the frame. */
  afterFrame: 'continue' | 'stall' | undefined;
  /** The API key is echoed in the injected error frame (it must be redacted). */
  echoKey: boolean;
  /** The full answer's text. */
  fullText: string;
  body: Buffer;
  segments: Segment[];
  /** Wire bytes after the response head, and where they are split into socket writes. */
  wire: Buffer;
  writes: number[];
  /** After the writes: end the socket (FIN), reset it, or leave it open. */
  finalAct: 'end' | 'rst' | 'open' | 'end-later' | 'pool';
  gapMode: 'none' | 'immediate' | 'timer';
  /** One line for test names and failure messages. */
  label: string;
}

const words = [
  'Hello', ' world', ',', ' quantum', ' naïve', ' café', ' 日本語', ' 🚀', ' 👍🏽', ' data: [DONE]', ' \n\n', ' "quoted"', ' \\', ' ok.', ' event: error', ' Ω', ' 𝄞',
];

/** A plan for one seed: the answer, its SSE body, the fault, and how the bytes go out. `apiKey` is what an error frame may echo. */
export function planCase(seed: number, apiKey: string): Plan {
  const random = createRandom(seed);
  const framing = random.next() < 0.5 ? 'chunked' : 'close';
  const connection = framing === 'chunked' && random.next() < 0.5 ? 'keep-alive' : 'close';
  const keepAliveHint = connection === 'keep-alive' && random.next() < 0.5;
  const id = `chatcmpl-${seed}`;
  const reqId = `req_${seed}`;
  const model = 'llama-3.3-70b-versatile';
  const base = { id, object: 'chat.completion.chunk', created: 1_700_000_000 + seed, model, system_fingerprint: 'fp_chaos' };
  // Now and then an answer long enough that one read brings over 128 events (the reader then yields a turn).
  const pieces = Array.from({ length: random.next() < 0.08 ? random.int(130, 300) : random.int(1, 12) }, () => random.pick(words));
  const usage = { queue_time: 0.01, prompt_tokens: 12, prompt_time: 0.002, completion_tokens: pieces.length, completion_time: 0.05, total_tokens: 12 + pieces.length, total_time: 0.052 };
  // Line endings: Groq's LF, or CRLF, or CR alone, or a mix per frame, all valid SSE; `data:` with or without the space.
  const lineEnding = random.pick(['\n', '\n', '\n', '\n', '\n', '\n', '\r\n', '\r', 'mixed'] as const);
  const dataSpace = random.next() < 0.85 ? ' ' : '';
  const frames: { kind: SegmentKind; text: string; raw: string; eol: string }[] = [];
  const add = (kind: SegmentKind, text: string, lines: string[], at = frames.length): void => {
    const eol = lineEnding === 'mixed' ? random.pick(['\n', '\r\n', '\r']) : lineEnding;
    frames.splice(at, 0, { kind, text, raw: lines.join(eol) + eol + eol, eol });
  };
  const data = (value: unknown): string => `data:${dataSpace}${JSON.stringify(value)}`;
  const maybeComment = (): void => {
    if (random.next() < 0.1) add('comment', '', [': ping']);
  };
  add('role', '', [data({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], x_groq: { id: reqId, seed } })]);
  for (const piece of pieces) {
    maybeComment();
    add('content', piece, [data({ ...base, choices: [{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }] })]);
  }
  add('finish', '', [data({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], x_groq: { id: reqId, usage }, usage })]);
  maybeComment();
  add('done', '', [`data:${dataSpace}[DONE]`]);

  let fault: FaultKind = random.pick<FaultKind>(['none', 'fin', 'fin', 'rst', 'stall', 'errorEvent', 'errorData', 'invalid', 'framing']);
  if (fault === 'framing' && framing === 'close') fault = random.pick<FaultKind>(['fin', 'rst', 'stall']);
  const echoKey = random.next() < 0.4;
  const secret = echoKey ? ` (request had Authorization: Bearer ${apiKey}; key ${apiKey})` : '';
  let afterFrame: Plan['afterFrame'];
  let frameEnd = 0;
  if (fault === 'errorEvent' || fault === 'errorData' || fault === 'invalid') {
    // Injected whole at a frame boundary, anywhere from before the first frame to after [DONE].
    const at = random.next() < 0.4 ? frames.length - random.int(0, 2) : random.int(0, frames.length);
    const lines =
      fault === 'errorEvent'
        ? ['event: error', `data: ${JSON.stringify({ error: { message: `The model crashed${secret}`, type: 'server_error' } })}`]
        : fault === 'errorData'
          ? [data({ error: { message: `Internal server error${secret}`, type: 'internal_server_error', code: 'internal_error' } })]
          : [random.pick([`data: {"id":"${id}","choices":[{"delta":{"content":"cut${secret.replaceAll('"', '')}`, 'data: <html>502 Bad Gateway</html>', `data: ${secret || 'nope'}`])];
    add(fault, '', lines, at);
    afterFrame = random.next() < 0.5 ? 'continue' : 'stall';
    frameEnd = Buffer.byteLength(frames.slice(0, at + 1).map((frame) => frame.raw).join(''));
  }

  const segments: Segment[] = [];
  let position = 0;
  for (const frame of frames) {
    const length = Buffer.byteLength(frame.raw);
    const eol = frame.eol.length;
    // The data line is complete once the first character of its line ending is in; the event is dispatched
    // once the blank line's first character is (the LF of a CRLF may come later).
    segments.push({ kind: frame.kind, text: frame.text, start: position, lineEnd: position + length - 2 * eol + 1, dispatchAt: position + length - eol + 1, end: position + length });
    position += length;
  }
  const body = Buffer.from(frames.map((frame) => frame.raw).join(''));

  // The offset: often right at or next to a frame's interesting points, else anywhere.
  let offset = body.length;
  if (fault === 'fin' || fault === 'rst' || fault === 'stall' || fault === 'framing') {
    if (random.next() < 0.6) {
      // Half of them near the end, where a cut may leave a complete answer (after finish_reason or [DONE]).
      const segment = random.next() < 0.5 ? segments[segments.length - random.int(1, Math.min(3, segments.length))]! : random.pick(segments);
      offset = Math.min(body.length, Math.max(0, random.pick([segment.start, segment.start + 1, segment.lineEnd - 1, segment.lineEnd, segment.dispatchAt - 1, segment.dispatchAt, segment.end - 1, segment.end])));
    } else offset = random.int(0, body.length);
  } else if (afterFrame === 'stall') offset = frameEnd;

  // HTTP chunk boundaries (chunked framing): random, plus the offset where the fault must sit on one.
  const bounds = new Set<number>();
  for (let count = random.int(0, 8); count > 0; count--) bounds.add(random.int(1, body.length - 1));
  if (fault === 'framing' || (fault !== 'none' && random.next() < 0.5)) bounds.add(offset);
  bounds.delete(0);
  bounds.delete(body.length);
  const edges = [0, ...[...bounds].sort((a, b) => a - b), body.length];
  const httpChunks = edges.slice(1).map((end, index) => body.subarray(edges[index]!, end));
  const header = (chunk: Buffer): string => `${chunk.length.toString(16)}\r\n`;

  let wire: Buffer;
  const cut = fault === 'fin' || fault === 'rst' || fault === 'stall' || fault === 'framing' || afterFrame === 'stall';
  if (framing === 'close') {
    wire = cut ? body.subarray(0, offset) : body;
  } else {
    const parts: Buffer[] = [];
    let start = 0;
    let partialNext = true;
    for (const chunk of httpChunks) {
      const end = start + chunk.length;
      if (!cut || end <= offset) parts.push(Buffer.from(header(chunk)), chunk, Buffer.from('\r\n'));
      else if (start < offset) {
        // The chunk the fault cuts through: its full declared length, only part of its data.
        parts.push(Buffer.from(header(chunk)), chunk.subarray(0, offset - start));
        partialNext = false;
      } else {
        if (partialNext && fault !== 'framing' && random.next() < 0.3) parts.push(Buffer.from(header(chunk).slice(0, random.int(1, header(chunk).length))));
        partialNext = false;
      }
      start = end;
    }
    if (!cut) parts.push(Buffer.from('0\r\n\r\n'));
    else if (partialNext && offset === body.length && fault !== 'framing' && random.next() < 0.3) parts.push(Buffer.from('0\r\n\r\n'.slice(0, random.int(1, 4))));
    if (fault === 'framing') parts.push(Buffer.from(random.pick(['zz\r\n', '5\r\nabcdefgh\r\n', 'fffffffffffffffffffff\r\n\r\n', '-1\r\n'])));
    wire = Buffer.concat(parts);
  }

  const writes = [...new Set(Array.from({ length: random.int(0, Math.min(25, wire.length)) }, () => random.int(1, Math.max(1, wire.length - 1))))]
    .filter((point) => point > 0 && point < wire.length)
    .sort((a, b) => a - b);
  let finalAct: Plan['finalAct'];
  if (fault === 'rst') finalAct = 'rst';
  else if (fault === 'fin') finalAct = 'end';
  else if (fault === 'stall' || fault === 'framing' || afterFrame === 'stall') finalAct = 'open';
  else if (framing === 'close') finalAct = 'end';
  // A complete chunked answer: the client closes the connection (connection: close, or a keep-alive hint
  // too short to pool it; then the server closes it soon too, as real servers do) or pools it.
  else finalAct = connection === 'close' ? 'open' : keepAliveHint ? 'end-later' : 'pool';
  const gapMode = random.pick(['none', 'immediate', 'timer'] as const);
  const fullText = pieces.join('');
  const label = `seed ${seed}: ${framing}${framing === 'chunked' ? `/${connection}${keepAliveHint ? '+hint' : ''}` : ''}, ${fault}${afterFrame ? `+${afterFrame}` : ''} @${offset}/${body.length}, ${writes.length + 1} writes${lineEnding === '\n' ? '' : `, eol ${JSON.stringify(lineEnding)}`}${dataSpace ? '' : ', data: without space'}`;
  return { seed, framing, connection, keepAliveHint, fault, offset, afterFrame, echoKey, fullText, body, segments, wire, writes, finalAct, gapMode, label };
}
