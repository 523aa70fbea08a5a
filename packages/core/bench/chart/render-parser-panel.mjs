// Panel 1: the parser benchmark (packages/core/bench/run.mjs): chunks per second by piece size, groq-sdk,
// ours and the bare eventsource-parser loop side by side, with ours/groq-sdk under each group (the judged
// ratio: since 2026-12-05 the median of the processes' own ratios, which a note under the panel says).
import { COLORS, element, formatCompact, formatCount, formatMs, formatRatio, formatSize, heading, legend, renderNoData, text, tooltip, valueAxis } from './svg.mjs';

const TITLE = 'Parsing a streamed answer: chunks per second by piece size';
export const PARSER_SERIES = [
  { name: 'groq-sdk', label: 'groq-sdk 1.6.0 Stream', color: COLORS.groqSdk },
  { name: 'ours', label: 'ours: @groq-stream/core Stream', color: COLORS.ours },
  { name: 'bare', label: 'bare eventsource-parser loop (no error handling)', color: COLORS.bare },
];

/** `input`: `{ results }` (bench/results/latest.json of core) or `{ problem }`. Returns `{ svg, height }`. */
export function renderParserPanel(input, box) {
  const pieceResults = input.results?.pieceResults ?? [];
  if (!input.results || pieceResults.length === 0) return renderNoData(TITLE, input.problem ?? 'the parser benchmark has no piece-size results', box);
  const { x, y, width } = box;
  const { options = {} } = input.results;
  const subtitle =
    `@groq-stream/core, reading a ${formatCount(options.chunks)}-chunk transcript cut into pieces; ` +
    (options.processes > 1 ? `median of ${options.processes} processes' medians of ${formatCount(options.runs)} runs` : `median of ${formatCount(options.runs)} run${options.runs === 1 ? '' : 's'}`) +
    '; higher is better';

  const plot = { left: x + 72, right: x + width - 8, top: y + 84, bottom: y + 274 };
  const speed = (result, name) => result.variants?.[name]?.chunksPerSecond;
  const max = Math.max(...pieceResults.flatMap((result) => PARSER_SERIES.map((series) => speed(result, series.name) ?? 0)));
  const axis = valueAxis({ ...plot, max: max * 1.08, format: formatCompact, label: 'chunks per second' });

  const groupWidth = (plot.right - plot.left) / pieceResults.length;
  const barWidth = Math.min(64, (groupWidth * 0.7) / PARSER_SERIES.length);
  const groups = pieceResults.map((result, index) => {
    const center = plot.left + groupWidth * (index + 0.5);
    const bars = PARSER_SERIES.map((series, position) => {
      const barX = center + (position - PARSER_SERIES.length / 2) * barWidth;
      const entry = result.variants?.[series.name];
      const value = entry?.chunksPerSecond;
      if (value === undefined) {
        const why = entry ? 'failed' : 'not run';
        return text(why, { x: barX + barWidth / 2, y: plot.bottom - 4, 'text-anchor': 'middle', 'font-size': 10, fill: COLORS.muted });
      }
      return [
        element('rect', { x: barX + 1, y: axis.y(value), width: barWidth - 2, height: plot.bottom - axis.y(value), fill: series.color },
          tooltip(`${series.label}, ${formatSize(result.pieceSize)} pieces: ${formatCount(value)} chunks/s`)),
        text(formatCompact(value), { x: barX + barWidth / 2, y: axis.y(value) - 4, 'text-anchor': 'middle', 'font-size': 10, fill: COLORS.text }),
      ];
    });
    return [
      bars,
      text(`${formatSize(result.pieceSize)} pieces`, { x: center, y: plot.bottom + 17, 'text-anchor': 'middle', 'font-size': 12, fill: COLORS.text }),
      text(`ours = ${formatRatio(result.ratios?.oursOverGroqSdk)} groq-sdk`, {
        x: center,
        y: plot.bottom + 35,
        'text-anchor': 'middle',
        'font-size': 13,
        'font-weight': 'bold',
        fill: COLORS.ours,
      }),
    ];
  });

  const notes = [describeBigEvent(input.results.bigEvent), describeRatios(input.results)].filter(Boolean);
  const height = plot.bottom - y + 44 + 18 * notes.length;
  return {
    height,
    svg: [
      heading(TITLE, subtitle, { x, y }),
      legend(PARSER_SERIES, { x, y: y + 62 }),
      axis.svg,
      groups,
      notes.map((note, index) => text(note, { x, y: plot.bottom + 58 + 18 * index, 'font-size': 12, fill: COLORS.muted })),
    ],
  };
}

/**
 * One line on how the ratios under the bars were taken when the processes' own ratios were judged (results
 * since 2026-12-05 with several processes), with the ratio of the medians beside them; otherwise undefined.
 */
function describeRatios({ options = {}, ratioMethod, pieceResults }) {
  const independent = pieceResults.map((result) => result.independentRatios?.oursOverGroqSdk);
  if (!ratioMethod || !(options.processes > 1) || independent.every((ratio) => ratio === undefined)) return undefined;
  return `ours/groq-sdk: the median of the ${options.processes} processes' own ratios (paired); the ratio of their medians: ${independent.map(formatRatio).join(', ')}.`;
}

/** One line on the big-event case (time to read one huge event), or undefined when it did not run. */
function describeBigEvent(bigEvent) {
  if (!bigEvent?.variants) return undefined;
  const describe = (name) => {
    const entry = bigEvent.variants[name];
    if (!entry) return undefined;
    if (entry.timedOut) return `${name} > ${formatMs(entry.limitMs)} (stopped)`;
    return `${name} ${entry.ms === undefined ? 'failed' : formatMs(entry.ms)}`;
  };
  const parts = ['ours', 'bare', 'groq-sdk'].map(describe).filter(Boolean);
  return `One ${formatSize(bigEvent.eventBytes)} event in ${formatCount(bigEvent.pieceSize)} B pieces, time to read it: ${parts.join(', ')}.`;
}
