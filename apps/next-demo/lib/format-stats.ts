import type { ChatStats } from './stream-chat';

/** Said when the answer reached the relay's token limit, on both demos' pages. */
const cutShort = 'cut short at the length limit';
/** Said when the earliest turns were not sent to fit the relay's limits, on both demos' pages. */
const leftOut = 'Earlier turns were left out to fit the server’s limit.';

/** The status line under the conversation: the answer's figures, and whether it was stopped, cut short or sent without earlier turns. */
export function formatStats(stats: ChatStats | undefined, streaming: boolean, stopped: boolean): string {
  // The same wording as the Express demo's page: 'Stopped.' first, also when Stop came before the first token.
  if (streaming && stats?.timeToFirstTokenMs === undefined) return 'Waiting for the first token…';
  if (stats === undefined) return stopped ? 'Stopped.' : '';
  // The figures are those of the text and reasoning that came, as on the Express page: none without a first token.
  // An answer of tool calls only, or of nothing, has a completion_tokens count too ("7 tokens"), which the page
  // showed beside "The AI service sent no text in its answer".
  const first = stats.timeToFirstTokenMs;
  const parts =
    first === undefined
      ? []
      : [
          `First token after ${Math.round(first)} ms`,
          stats.tokensPerSecond === undefined ? undefined : `${stats.tokensPerSecond.toFixed(1)} tokens/s`,
          `${stats.tokens} token${stats.tokens === 1 ? '' : 's'}`,
        ];
  if (!stopped && stats.finishReason === 'length') parts.push(cutShort);
  const figures = parts.filter(Boolean).join(' · ');
  // Else the model answers without the turns it was not sent, and nothing on the page says why.
  return [stopped ? 'Stopped.' : '', figures, stats.messagesLeftOut > 0 ? leftOut : ''].filter(Boolean).join(' ');
}
