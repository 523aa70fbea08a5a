// Panel 3: the relay benchmark (apps/express-demo/bench/run.mjs): latency the Express relay adds per chunk
// at each number of concurrent streams, and memory per open stream, each with its target drawn as a line.
import { COLORS, element, formatCount, formatKib, formatMs, HALO, heading, legend, renderNoData, text, tooltip, valueAxis } from './svg.mjs';

const TITLE = 'Relaying through Express: latency added per chunk, memory per open stream';

/** `input`: `{ results }` (.bench-out/latest.json of express-demo) or `{ problem }`. Returns `{ svg, height }`. */
export function renderRelayPanel(input, box) {
  const rows = input.results?.rows ?? [];
  if (!input.results || rows.length === 0) return renderNoData(TITLE, input.problem ?? 'the relay benchmark has no rows', box);
  const { x, y, width } = box;
  const { parameters: p = {}, targets = {}, floorRow, memory, floor } = input.results;
  const subtitle =
    `apps/express-demo relaying the mock to node:http clients on 127.0.0.1, ${formatCount(p.tokens)} tokens a stream at ` +
    `${formatCount(p.tokensPerSecond)} tokens/s; lower is better`;

  // Two charts side by side: latency on the left three fifths, memory on the rest.
  const split = x + Math.round(width * 0.6);
  const top = y + 84;
  const bottom = y + 264;
  const latency = renderLatency(rows, floorRow, targets, p.streams, { left: x + 72, right: split - 30, top, bottom });
  const memoryChart = renderMemory(memory, floor, targets, p.streams, { left: split + 72, right: x + width - 8, top, bottom });
  return {
    height: bottom - y + 46, // the group labels and the footnote below the charts
    svg: [heading(TITLE, subtitle, { x, y }), latency, memoryChart],
  };
}

/** Grouped bars, p50 and p99 of the added latency, per number of streams (and the floor, for reference). */
function renderLatency(rows, floorRow, targets, streams, plot) {
  const groups = [
    ...rows.map((row) => ({ label: `${formatCount(row.streams)} streams`, row, floor: false })),
    ...(floorRow ? [{ label: `${formatCount(floorRow.streams)}, no relay*`, row: floorRow, floor: true }] : []),
  ];
  const values = groups.flatMap(({ row }) => [row.added?.p50 ?? 0, row.added?.p99 ?? 0]);
  const target = targets.p99AddedLatencyMs;
  const axis = valueAxis({ ...plot, max: Math.max(...values, target ?? 0) * 1.1, format: (value) => `${value} ms`, label: 'added latency per chunk' });
  const groupWidth = (plot.right - plot.left) / groups.length;
  const barWidth = Math.min(40, (groupWidth * 0.7) / 2);
  // Bars, then the target line over them, then the figures over both.
  const bars = [];
  const labels = [];
  groups.forEach(({ label, row, floor }, index) => {
    const center = plot.left + groupWidth * (index + 0.5);
    ['p50', 'p99'].forEach((percentile, position) => {
      const value = row.added?.[percentile];
      const barX = center + (position - 1) * barWidth;
      const color = floor ? (position ? COLORS.floor : COLORS.floorLight) : position ? COLORS.ours : COLORS.oursLight;
      const shown = Number.isFinite(value) ? Math.max(0, value) : 0;
      bars.push(
        element('rect', { x: barX + 1, y: axis.y(shown), width: barWidth - 2, height: plot.bottom - axis.y(shown), fill: color },
          tooltip(`${label}: ${percentile} ${formatMs(value)}`)),
      );
      const figureY = figureBaseline(axis.y(shown), target === undefined ? undefined : axis.y(target));
      labels.push(text(formatMs(value).replace(' ms', ''), { x: barX + barWidth / 2, y: figureY, 'text-anchor': 'middle', 'font-size': 10, fill: COLORS.text, ...HALO }));
    });
    labels.push(text(label, { x: center, y: plot.bottom + 17, 'text-anchor': 'middle', 'font-size': 12, fill: COLORS.text }));
  });
  return [
    legend(
      [
        { label: 'p50', color: COLORS.oursLight },
        { label: 'p99', color: COLORS.ours },
        ...(target === undefined ? [] : [{ label: `target: p99 < ${target} ms at ${formatCount(streams)} streams`, color: COLORS.target, dashed: true }]),
      ],
      { x: plot.left - 72, y: plot.top - 22 },
    ),
    axis.svg,
    bars,
    target !== undefined && targetLine(axis.y(target), plot),
    labels,
    floorRow && text('* the floor: a node:http server copying bytes from fetch, no parsing', { x: plot.left - 72, y: plot.bottom + 36, 'font-size': 11, fill: COLORS.muted }),
  ];
}

/**
 * Where a latency bar's figure (10 px) goes: 4 px above the bar, unless the target line (at `lineY`, 2 px wide)
 * would run through its digits there, as it does for a bar ending just under the line (a p99 near the target,
 * where the figure matters most): then just above the line, still over its own bar.
 */
function figureBaseline(barTop, lineY) {
  const baseline = barTop - 4;
  const crossed = lineY !== undefined && baseline - 10 < lineY + 2 && baseline + 2 > lineY - 2;
  return crossed ? lineY - 5 : baseline;
}

/**
 * Bars of memory per open stream, for the relay and for the floor: RSS of each further stream (from N to 2N
 * open, when the results have it), RSS of the first N from idle, and V8 heap + external.
 */
function renderMemory(memory, floor, targets, streams, plot) {
  if (!memory) return text('No memory figures in the results.', { x: plot.left, y: plot.top + 40, 'font-size': 12, fill: COLORS.muted });
  const target = targets.bytesPerStream;
  const groups = [
    { label: 'relay', figures: memory, colors: [COLORS.ours, COLORS.oursMid, COLORS.oursLight] },
    ...(floor ? [{ label: 'no relay*', figures: floor, colors: [COLORS.floor, COLORS.floorMid, COLORS.floorLight] }] : []),
  ];
  // Results written before the benchmark measured from N to 2N streams have only the figures from idle.
  const series = [
    ...(memory.marginal ? [{ name: `RSS ${formatCount(streams)}→${formatCount(2 * streams)}`, value: (figures) => figures.marginal?.rss }] : []),
    { name: 'RSS from idle', value: (figures) => figures.rss },
    { name: 'V8 heap + ext.', value: (figures) => figures.heap },
  ];
  // Two series (older results) keep the darkest and the lightest shade.
  const shade = (colors, position) => colors[series.length === 3 ? position : position * 2];
  // The axis counts KiB, so that its ticks are round numbers of KiB.
  const values = groups.flatMap(({ figures }) => series.map(({ value }) => value(figures) ?? 0)).map((bytes) => bytes / 1024);
  const axis = valueAxis({
    ...plot,
    max: Math.max(...values, (target ?? 0) / 1024) * 1.1,
    format: (value) => `${value} KiB`,
    label: 'per open stream',
    labelOffset: 60,
  });
  const y = (bytes) => axis.y(bytes / 1024);
  const groupWidth = (plot.right - plot.left) / groups.length;
  const barWidth = Math.min(44, (groupWidth * 0.8) / series.length);
  const bars = [];
  const labels = [];
  groups.forEach(({ label, figures, colors }, index) => {
    const center = plot.left + groupWidth * (index + 0.5);
    series.forEach(({ name, value: valueOf }, position) => {
      const value = valueOf(figures);
      // One process's RSS is no figure to judge by (it has ranged from 41 to 95 KiB for the same build): the
      // bar is the median, and its tooltip names every process's.
      const each = figures.processes?.length > 1 ? ` (median of ${figures.processes.map((one) => formatKib(valueOf(one)).replace(' KiB', '')).join(', ')} KiB)` : '';
      const barX = center + (position - series.length / 2) * barWidth;
      const shown = Number.isFinite(value) ? Math.max(0, value) : 0;
      bars.push(
        element('rect', { x: barX + 1, y: y(shown), width: barWidth - 2, height: plot.bottom - y(shown), fill: shade(colors, position) },
          tooltip(`${label}: ${name} ${formatKib(value)} per open stream${each}`)),
      );
      labels.push(text(formatKib(value).replace(' KiB', ''), { x: barX + barWidth / 2, y: y(shown) - 4, 'text-anchor': 'middle', 'font-size': 10, fill: COLORS.text, ...HALO }));
    });
    labels.push(text(label, { x: center, y: plot.bottom + 17, 'text-anchor': 'middle', 'font-size': 12, fill: COLORS.text }));
  });
  return [
    // Three series leave no room for the target in the legend: its line carries its own label.
    legend(
      series.map(({ name }, position) => ({ label: name, color: shade([COLORS.ours, COLORS.oursMid, COLORS.oursLight], position) })),
      { x: plot.left - 60, y: plot.top - 22 },
    ),
    axis.svg,
    bars,
    target !== undefined && [
      targetLine(y(target), plot),
      text(`target < ${formatKib(target)}`, { x: plot.right, y: y(target) - 5, 'text-anchor': 'end', 'font-size': 11, fill: COLORS.target, ...HALO }),
    ],
    labels,
    // Beside the latency chart's footnote; the subtitle has no room left for it.
    memory.processes?.length > 1 &&
      text(`each bar: the median of ${memory.processes.length} fresh processes`, { x: plot.left - 60, y: plot.bottom + 36, 'font-size': 11, fill: COLORS.muted }),
  ];
}

const targetLine = (y, plot) =>
  element('line', { x1: plot.left, x2: plot.right, y1: y, y2: y, stroke: COLORS.target, 'stroke-width': 2, 'stroke-dasharray': '6 4' });
