import type { Plan, SegmentKind } from './chaos-plan.js';

/** How the body's reading may end, as the reader sees it. */
export type EndingKind = 'eof' | 'transport' | 'stall';

/** What a correct reader reports: the whole answer and no error, or an error after `text` (the chunks before it). */
export interface Expected {
  complete: boolean;
  text: string;
  /** Why it fails: the frame's kind, or the ending. */
  reason?: SegmentKind | EndingKind;
}

/**
 * The outcome of reading `plan.body` up to `offset` bytes and then meeting `ending`, by the chat-completion
 * rules of SSE-CASES.md: an event counts once its blank line arrived, or, at a clean end of the body, once
 * its data line is complete; [DONE] ends the stream; an error frame or invalid data fails it; at a clean end
 * a finish_reason makes it complete.
 *
 * The last chunk carries the finish_reason and the usage, as Groq's does: after it only [DONE] can come,
 * so a connection that breaks there (RST, FIN before the chunked terminator, bad framing) or stalls has lost
 * nothing, and the stream is complete whatever the ending.
 */
export function analyze(plan: Plan, ending: EndingKind): Expected {
  const limit = plan.offset;
  let text = '';
  let finished = false;
  for (const segment of plan.segments) {
    const counted = segment.dispatchAt <= limit || (ending === 'eof' && segment.lineEnd <= limit);
    if (!counted) break;
    switch (segment.kind) {
      case 'done':
        return { complete: true, text: plan.fullText };
      case 'errorEvent':
      case 'errorData':
      case 'invalid':
        return { complete: false, text, reason: segment.kind };
      case 'finish':
        finished = true;
        break;
      case 'content':
        text += segment.text;
        break;
      default:
        break;
    }
  }
  if (finished) return { complete: true, text };
  return { complete: false, text, reason: ending };
}

/**
 * The endings the reader may see for this plan: a fault that breaks the connection reads as a broken
 * transport on node:http, but undici treats a close (FIN, or a reset) of a `connection: close` response as
 * its end, so both are acceptable.
 */
export function possibleEndings(plan: Plan): EndingKind[] {
  switch (plan.finalAct) {
    case 'rst':
      return ['transport', 'eof'];
    case 'end':
      return plan.framing === 'close' || plan.fault === 'none' ? ['eof'] : ['transport', 'eof'];
    case 'open':
      if (plan.fault === 'framing') return ['transport'];
      if (plan.fault === 'stall' || plan.afterFrame === 'stall') return ['stall'];
      return ['eof'];
    case 'end-later':
    case 'pool':
      return ['eof'];
  }
}
