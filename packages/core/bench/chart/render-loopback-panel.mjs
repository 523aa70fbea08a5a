// Panel 2: the loopback benchmark (packages/node/bench/run.mjs): how many times better than groq-sdk our
// client is end to end, on throughput and on time to first chunk under load, with its targets marked. The
// ratios are the judged ones: since 2026-12-05 the median of the rounds' own ratios, which a note says.
import { COLORS, element, estimateWidth, formatCompact, formatMs, formatRatio, HALO, heading, legend, renderNoData, text } from './svg.mjs';

const TITLE = 'Streaming over loopback HTTP: ours against groq-sdk';

/**
 * The rows: which case and metric, how to turn a case into a ratio (higher is better) and its detail, and
 * `independent`, the same ratio of the clients' medians (results since 2026-12-05 keep it beside the judged one).
 */
const ROWS = [
  {
    key: 'single.chunksPerSecond',
    label: (result) => `${result.title}: chunks/s`,
    ratio: (result) => result.ratios?.oursOverGroqSdk,
    independent: (result) => result.independentRatios?.oursOverGroqSdk,
    detail: (clients) => `ours ${formatCompact(clients.ours?.chunksPerSecond)}/s, groq-sdk ${formatCompact(clients['groq-sdk']?.chunksPerSecond)}/s`,
  },
  {
    key: 'concurrent.chunksPerSecond',
    label: (result) => `${result.title}: chunks/s, all streams`,
    ratio: (result) => result.ratios?.oursOverGroqSdk,
    independent: (result) => result.independentRatios?.oursOverGroqSdk,
    detail: (clients) => `ours ${formatCompact(clients.ours?.chunksPerSecond)}/s, groq-sdk ${formatCompact(clients['groq-sdk']?.chunksPerSecond)}/s`,
  },
  {
    key: 'concurrent.firstChunkP50Ms',
    label: (result) => `${result.title}: first chunk, p50`,
    ratio: (result) => groqSdkOverOurs(result.ratios, 'firstChunkP50'),
    independent: (result) => groqSdkOverOurs(result.independentRatios, 'firstChunkP50'),
    detail: (clients) => `ours ${formatMs(clients.ours?.firstChunkP50Ms)}, groq-sdk ${formatMs(clients['groq-sdk']?.firstChunkP50Ms)}`,
  },
  {
    key: 'concurrent.firstChunkP99Ms',
    label: (result) => `${result.title}: first chunk, p99`,
    ratio: (result) => groqSdkOverOurs(result.ratios, 'firstChunkP99'),
    independent: (result) => groqSdkOverOurs(result.independentRatios, 'firstChunkP99'),
    detail: (clients) => `ours ${formatMs(clients.ours?.firstChunkP99Ms)}, groq-sdk ${formatMs(clients['groq-sdk']?.firstChunkP99Ms)}`,
  },
];

/**
 * A time's ratio with higher is better: groq-sdk's over ours', as the results give it (the median of the rounds'
 * own groq-sdk/ours, which the first-chunk target judges). Results written before they gave it have only
 * ours/groq-sdk, whose inverse differs from it when the number of rounds is even (the median of inverses is
 * not the inverse of the median).
 */
function groqSdkOverOurs(ratios, metric) {
  const given = ratios?.[`${metric}GroqSdkOverOurs`];
  if (given !== undefined) return given;
  const oursOverGroqSdk = ratios?.[`${metric}OursOverGroqSdk`];
  return oursOverGroqSdk > 0 ? 1 / oursOverGroqSdk : undefined;
}

/** `input`: `{ results }` (bench/results/latest.json of node) or `{ problem }`. Returns `{ svg, height }`. */
export function renderLoopbackPanel(input, box) {
  const cases = input.results?.cases ?? [];
  if (!input.results || cases.length === 0) return renderNoData(TITLE, input.problem ?? 'the loopback benchmark has no cases', box);
  const { x, y, width } = box;
  const { options = {}, targets = [] } = input.results;
  const subtitle =
    `@groq-stream/node's Groq client and groq-sdk 1.6.0, mock server on 127.0.0.1, median of ${options.runs ?? '?'} runs; ` +
    "ours/groq-sdk (for times: groq-sdk's/ours), higher is better";

  const rows = ROWS.map((row) => {
    const result = cases.find((candidate) => candidate.id === row.key.split('.')[0]);
    if (!result) return undefined;
    const target = targets.find((candidate) => candidate.key === row.key);
    return { label: row.label(result), value: row.ratio(result), independent: row.independent(result), detail: row.detail(result.clients ?? {}), target };
  }).filter(Boolean);

  const top = y + 78;
  const rowHeight = 30;
  const bars = { left: x + 290, right: x + width - 240 };
  const max = Math.max(1, ...rows.map((row) => row.value ?? 0), ...rows.map((row) => row.target?.threshold ?? 0)) * 1.1;
  const at = (value) => bars.left + (Math.min(value, max) / max) * (bars.right - bars.left);

  // A ratio's label goes after its bar, or after the target line when it would run into it.
  const labelX = (row) => {
    const after = at(row.value) + 6;
    const line = row.target?.threshold === undefined ? undefined : at(row.target.threshold);
    const overlaps = line !== undefined && after < line + 4 && after + estimateWidth(formatRatio(row.value), 12) > line - 4;
    return overlaps ? line + 6 : after;
  };
  const drawn = rows.map((row, index) => {
    const rowTop = top + index * rowHeight;
    const middle = rowTop + rowHeight / 2;
    const status = row.target?.status;
    return [
      text(row.label, { x: bars.left - 10, y: middle + 4, 'text-anchor': 'end', 'font-size': 12, fill: COLORS.text }),
      row.value === undefined
        ? text('not measured', { x: bars.left + 6, y: middle + 4, 'font-size': 11, fill: COLORS.muted })
        : element('rect', { x: bars.left, y: rowTop + 6, width: at(row.value) - bars.left, height: rowHeight - 12, fill: COLORS.ours }),
      row.target?.threshold !== undefined &&
        element('line', {
          x1: at(row.target.threshold),
          x2: at(row.target.threshold),
          y1: rowTop + 2,
          y2: rowTop + rowHeight - 2,
          stroke: COLORS.target,
          'stroke-width': 2,
          'stroke-dasharray': '4 3',
        }),
      row.value !== undefined &&
        text(formatRatio(row.value), { x: labelX(row), y: middle + 4, 'font-size': 12, 'font-weight': 'bold', fill: COLORS.text, ...HALO }),
      text(`${row.detail}${status ? `  ${status}` : ''}`, { x: bars.right + 52, y: middle + 4, 'font-size': 11, fill: COLORS.muted }),
    ];
  });
  const bottom = top + rows.length * rowHeight;
  const parity = at(1);
  // Results since 2026-12-05 judge the median of the rounds' own ratios: say so, with the ratios of the medians.
  const note =
    input.results.ratioMethod &&
    `Each ratio: the median of the ${options.runs ?? '?'} rounds' own ratios (paired); the ratio of the medians: ${rows.map((row) => formatRatio(row.independent)).join(', ')}.`;
  return {
    height: bottom - y + 34 + (note ? 18 : 0),
    svg: [
      heading(TITLE, subtitle, { x, y }),
      legend(
        [
          { label: 'ours, as a multiple of groq-sdk', color: COLORS.ours },
          ...[...new Set(rows.map((row) => row.target?.threshold).filter((threshold) => threshold !== undefined))].map((threshold) => ({
            label: `target: ours ≥ ${threshold}×`,
            color: COLORS.target,
            dashed: true,
          })),
        ],
        { x, y: y + 62 },
      ),
      element('line', { x1: parity, x2: parity, y1: top - 4, y2: bottom + 4, stroke: COLORS.axis }),
      text('1× = as fast as groq-sdk', { x: parity, y: bottom + 18, 'text-anchor': 'middle', 'font-size': 11, fill: COLORS.muted }),
      drawn,
      note && text(note, { x, y: bottom + 38, 'font-size': 12, fill: COLORS.muted }),
    ],
  };
}
