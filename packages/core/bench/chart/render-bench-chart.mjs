// The benchmark chart: one self-contained SVG (no scripts, no fonts to fetch, a white background so that it
// reads on GitHub's light and dark themes) with the parser, loopback and relay figures, and a caption
// saying when, on what and by which command they were measured.
import { describeBenchRun } from './describe-bench-run.mjs';
import { renderLoopbackPanel } from './render-loopback-panel.mjs';
import { renderParserPanel } from './render-parser-panel.mjs';
import { renderRelayPanel } from './render-relay-panel.mjs';
import { COLORS, element, escapeXml, estimateWidth, text } from './svg.mjs';

const WIDTH = 960;
const MARGIN = 24;
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";

/** Each benchmark's method and full tables: `[label, path from the root]`. */
export const BENCHMARK_DOCS = [
  ['parser', 'packages/core/BENCHMARKS.md'],
  ['client over loopback', 'packages/node/BENCHMARKS.md'],
  ['Express relay', 'apps/express-demo/BENCHMARKS.md'],
];

/**
 * `inputs`: `{ core, node, relay }`, each `{ results }` (a benchmark's parsed JSON) or `{ problem }` (why
 * there is none: that panel says so). `host`: `{ cpu, memory, os, node }` of this machine, named when no
 * results do. Returns the SVG as a string.
 */
export function renderBenchChart(inputs, host) {
  const run = describeBenchRun({ core: inputs.core?.results, node: inputs.node?.results, relay: inputs.relay?.results }, host);
  const box = { x: MARGIN, width: WIDTH - 2 * MARGIN };
  const parts = [];
  let y = 62;
  for (const [render, input] of [
    [renderParserPanel, inputs.core],
    [renderLoopbackPanel, inputs.node],
    [renderRelayPanel, inputs.relay],
  ]) {
    const panel = render(input ?? { problem: 'no input given' }, { ...box, y });
    parts.push(panel.svg, element('line', { x1: MARGIN, x2: WIDTH - MARGIN, y1: y + panel.height + 10, y2: y + panel.height + 10, stroke: COLORS.frame }));
    y += panel.height + 24;
  }

  const captionLines = [
    ...(run.present.length === 0
      ? [['No benchmark results yet: run pnpm bench from the repository root.', COLORS.muted]]
      : [
          [`Measured ${run.date} on ${run.machine}.`, COLORS.muted],
          [`Command: ${run.command}${run.command.startsWith('pnpm bench') ? ' (from the repository root; it builds first)' : ''}.`, COLORS.muted],
        ]),
    ...(run.quick.length ? [[`Quick smoke runs (${run.quick.join(', ')}): too short to judge speed by.`, COLORS.target]] : []),
    [`Method and full tables: ${BENCHMARK_DOCS.map(([, path]) => path).join(', ')}.`, COLORS.muted],
  ].flatMap(([line, color]) => wrap(line, box.width, 12).map((part) => [part, color]));
  const caption = captionLines.map(([line, color], index) => text(line, { x: MARGIN, y: y + 8 + index * 17, 'font-size': 12, fill: color }));
  const height = Math.round(y + 8 + captionLines.length * 17 + 10);
  const title = 'groq-stream performance';
  const description =
    run.present.length === 0
      ? 'Benchmarks of groq-stream against groq-sdk: no results yet.'
      : `Benchmarks of groq-stream against groq-sdk, measured ${run.date} on ${run.machine} with ${run.command}.`;

  return `${element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width: WIDTH,
      height,
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: 'img',
      'aria-labelledby': 'title description',
      'font-family': FONT,
    },
    element('title', { id: 'title' }, escapeXml(title)),
    element('desc', { id: 'description' }, escapeXml(description)),
    element('rect', { width: '100%', height: '100%', rx: 8, fill: COLORS.background }),
    text(title, { x: MARGIN, y: 38, 'font-size': 20, 'font-weight': 'bold', fill: COLORS.text }),
    parts,
    caption,
  )}\n`;
}

/** `line` cut at spaces into lines that fit `width` px at `size` (estimated widths). */
function wrap(line, width, size) {
  const lines = [];
  let current = '';
  for (const word of line.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (current && estimateWidth(next, size) > width) {
      lines.push(current);
      current = word;
    } else {
      current = next;
    }
  }
  return [...lines, current];
}
