import { describe, expect, it } from 'vitest';
import { describeBenchRun } from './describe-bench-run.mjs';
import { renderBenchChart } from './render-bench-chart.mjs';
import { escapeXml, niceTicks } from './svg.mjs';
import { README_END, README_START, updateReadme } from './update-readme.mjs';

// Results in the shapes the three benchmarks write (trimmed to what the chart reads).
const variants = (groqSdk, bare, ours) => ({
  'groq-sdk': { chunksPerSecond: groqSdk },
  bare: { chunksPerSecond: bare },
  ours: { chunksPerSecond: ours },
});
const core = () => ({
  date: '2026-11-30T10:00:00.000Z',
  args: [],
  machine: { node: 'v20.20.2', platform: 'linux 6.18.44 x64', cpus: 2, cpuModel: 'AMD EPYC', memoryGiB: 24 },
  options: { quick: false, chunks: 100_000, runs: 7 },
  pieceResults: [
    { pieceSize: 16384, variants: variants(400_000, 1_900_000, 1_700_000), ratios: { oursOverGroqSdk: 4.25 } },
    { pieceSize: 1024, variants: variants(350_000, 1_200_000, 1_100_000), ratios: { oursOverGroqSdk: 1_100_000 / 350_000 } },
    { pieceSize: 280, variants: variants(200_000, 600_000, 560_000), ratios: { oursOverGroqSdk: 2.8 } },
  ],
  bigEvent: {
    eventBytes: 4.1 * 1024 * 1024,
    pieceSize: 256,
    variants: { bare: { ms: 20 }, ours: { ms: 30 }, 'groq-sdk': { timedOut: true, limitMs: 120_000 } },
  },
});
const clients = (ours, groqSdk) => ({
  ours: { chunksPerSecond: ours, firstChunkP50Ms: 100, firstChunkP99Ms: 150 },
  'groq-sdk': { chunksPerSecond: groqSdk, firstChunkP50Ms: 400, firstChunkP99Ms: 500 },
});
const node = () => ({
  date: '2026-11-30T10:05:00.000Z',
  args: [],
  machine: { node: 'v20.20.2', platform: 'linux 6.18.44 x64', cpus: 2, cpuModel: 'AMD EPYC', memoryGiB: 24 },
  options: { quick: false, runs: 7 },
  cases: [
    { id: 'single', title: '1 stream × 100,000', clients: clients(900_000, 250_000), ratios: { oursOverGroqSdk: 3.6 } },
    {
      id: 'concurrent',
      title: '200 streams × 2,000',
      clients: clients(500_000, 200_000),
      ratios: { oursOverGroqSdk: 2.5, firstChunkP50OursOverGroqSdk: 0.25, firstChunkP99OursOverGroqSdk: 0.3 },
    },
  ],
  targets: [
    { key: 'single.chunksPerSecond', threshold: 3, value: 3.6, status: 'PASS' },
    { key: 'concurrent.chunksPerSecond', threshold: 3, value: 2.5, status: 'FAIL' },
    { key: 'concurrent.firstChunkP50Ms', threshold: 3, value: 4, status: 'PASS' },
  ],
});
const latencyRow = (streams, p50, p99) => ({ streams, added: { p50, p99 } });
const relay = () => ({
  date: '2026-11-30T10:10:00.000Z',
  args: [],
  parameters: { streams: 500, tokens: 40, tokensPerSecond: 20, levels: [100, 250, 500], quick: false },
  targets: { p99AddedLatencyMs: 5, bytesPerStream: 64 * 1024 },
  machine: { cpu: 'AMD EPYC × 2', memory: '23.5 GiB', os: 'Linux 6.18.44 (x64)', node: 'v20.20.2' },
  rows: [latencyRow(100, 0.3, 2.8), latencyRow(250, 0.47, 4.2), latencyRow(500, 0.9, 4.9)],
  floorRow: latencyRow(500, 0.58, 3.1),
  memory: { rss: 48 * 1024, heap: 40 * 1024 },
  floor: { rss: 40 * 1024, heap: 30 * 1024 },
});
const host = { cpu: 'Test CPU × 8', memory: '16.0 GiB', os: 'Linux 6.0 (x64)', node: 'v22.0.0' };
const all = () => ({ core: { results: core() }, node: { results: node() }, relay: { results: relay() } });

/** The text of the SVG as a reader sees it: tags dropped, entities decoded. */
const visibleText = (svg) =>
  svg
    .replace(/<[^>]*>/g, '\n')
    .replace(/&(lt|gt|quot|apos|amp);/g, (_, name) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[name]);

describe('renderBenchChart', () => {
  it('draws the three series by piece size, with ours/groq-sdk under each', () => {
    const svg = renderBenchChart(all(), host);
    const shown = visibleText(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('fill="#ffffff"'); // the background, for GitHub's dark theme
    expect(svg).not.toMatch(/<script|<style|@import|href=/);
    for (const label of ['groq-sdk 1.6.0 Stream', 'ours: @groq-stream/core Stream', 'bare eventsource-parser loop']) expect(shown).toContain(label);
    for (const pieces of ['16 KiB pieces', '1 KiB pieces', '280 B pieces']) expect(shown).toContain(pieces);
    expect(shown).toContain('ours = 4.25× groq-sdk');
    expect(shown).toContain('ours = 3.14× groq-sdk');
    expect(shown).toContain('ours = 2.80× groq-sdk');
    expect(shown).toContain('1.70M'); // ours at 16 KiB
    expect(shown).toContain('groq-sdk > 120.0 s (stopped)');
  });

  it("says when the parser's ratios are the median of the processes' own ratios, with the ratio of the medians beside", () => {
    const inputs = all();
    const results = inputs.core.results;
    results.options.processes = 3;
    results.ratioMethod = 'Ratios are judged on the median of each process’s own ratio.';
    for (const [index, result] of results.pieceResults.entries()) result.independentRatios = { oursOverGroqSdk: [3.9, 3.1, 2.4][index] };
    const shown = visibleText(renderBenchChart(inputs, host));
    expect(shown).toContain('ours = 4.25× groq-sdk'); // the judged ratio under the bars
    expect(shown).toContain("ours/groq-sdk: the median of the 3 processes' own ratios (paired); the ratio of their medians: 3.90×, 3.10×, 2.40×.");
    // Results from before, whose ratios were the ratio of the medians, say nothing of the kind.
    expect(visibleText(renderBenchChart(all(), host))).not.toContain('own ratios');
  });

  it('draws the loopback ratios (times inverted: higher is better) and their targets', () => {
    const shown = visibleText(renderBenchChart(all(), host));
    expect(shown).toContain('1 stream × 100,000: chunks/s');
    expect(shown).toContain('3.60×');
    expect(shown).toContain('2.50×');
    expect(shown).toContain('4.00×'); // first chunk p50: groq-sdk 400 ms / ours 100 ms
    expect(shown).toContain('3.33×'); // p99: 1 / 0.3
    expect(shown).toContain('target: ours ≥ 3×');
    expect(shown).toContain('ours 100 ms, groq-sdk 400 ms  PASS');
  });

  it('draws the first-chunk bars at the judged figure, the median of the rounds\' groq-sdk/ours, also with an even number of rounds', () => {
    const inputs = all();
    const results = inputs.node.results;
    results.options.runs = 4;
    // Rounds of p50 groq-sdk/ours 3, 3.5, 4 and 5: median 3.75 (judged); ours/groq-sdk's median 0.2679 inverts to 3.73.
    // p99: 2, 2.5, 3 and 6: median 2.75; ours/groq-sdk's median (0.4 + 0.333) / 2 inverts to 2.73.
    Object.assign(results.cases[1].ratios, {
      firstChunkP50OursOverGroqSdk: (1 / 3.5 + 1 / 4) / 2,
      firstChunkP50GroqSdkOverOurs: 3.75,
      firstChunkP99OursOverGroqSdk: (1 / 2.5 + 1 / 3) / 2,
      firstChunkP99GroqSdkOverOurs: 2.75,
    });
    results.targets[2].value = 3.75;
    const shown = visibleText(renderBenchChart(inputs, host));
    expect(shown).toContain('3.75×');
    expect(shown).toContain('2.75×');
    expect(shown).not.toContain('3.73×');
    expect(shown).not.toContain('2.73×');
  });

  it("says when the loopback ratios are the median of the rounds' own ratios, with the ratios of the medians beside", () => {
    const inputs = all();
    const results = inputs.node.results;
    results.ratioMethod = 'Ratios are judged on the median of each round’s own ratio.';
    results.cases[0].independentRatios = { oursOverGroqSdk: 3.4 };
    results.cases[1].independentRatios = { oursOverGroqSdk: 2.9, firstChunkP50OursOverGroqSdk: 0.2, firstChunkP99OursOverGroqSdk: 0.5 };
    const shown = visibleText(renderBenchChart(inputs, host));
    expect(shown).toContain('3.60×'); // the judged ratios on the bars
    expect(shown).toContain('2.50×');
    // Times inverted as on the bars: groq-sdk's over ours'.
    expect(shown).toContain("Each ratio: the median of the 7 rounds' own ratios (paired); the ratio of the medians: 3.40×, 2.90×, 5.00×, 2.00×.");
    expect(visibleText(renderBenchChart(all(), host))).not.toContain("rounds' own ratios");
  });

  it('draws the relay figures with their targets as lines', () => {
    const svg = renderBenchChart(all(), host);
    const shown = visibleText(svg);
    for (const label of ['100 streams', '250 streams', '500 streams', '500, no relay*']) expect(shown).toContain(label);
    expect(shown).toContain('target: p99 < 5 ms at 500 streams');
    expect(shown).toContain('target < 64.0 KiB');
    expect(shown).toContain('48.0'); // RSS per stream, KiB
    expect(svg.match(/stroke="#c92a2a" stroke-width="2" stroke-dasharray="6 4"/g)).toHaveLength(2);
    expect(shown).not.toContain('RSS 500→1,000'); // results without the N-to-2N step
  });

  it('keeps a p99 figure just under the target clear of the target line, above its own bar', () => {
    // The fixture's 500 streams: p99 4.9 ms against the 5 ms target, the bar's top 3 px under the line.
    const svg = renderBenchChart(all(), host);
    const [lineY] = [...svg.matchAll(/<line [^>]*y1="([\d.]+)"[^>]*stroke="#c92a2a" stroke-width="2" stroke-dasharray="6 4"/g)].map((match) => Number(match[1]));
    const figure = (content) => Number(svg.match(new RegExp(`<text [^>]*y="([\\d.]+)"[^>]*>${content}</text>`))[1]);
    const barTop = (title) => Number(svg.match(new RegExp(`<rect [^>]*y="([\\d.]+)"[^>]*><title>${title}</title>`))[1]);
    expect(barTop('500 streams: p99 4.90 ms')).toBeGreaterThan(lineY); // under the line, close to it
    // Digits of 10 px stand on the baseline: from 10 px above it to 2 px below, clear of the line's 2 px and its halo.
    const clear = (baseline) => baseline + 2 <= lineY - 2 || baseline - 10 >= lineY + 2;
    expect(clear(figure('4.90'))).toBe(true);
    expect(figure('4.90')).toBeLessThan(barTop('500 streams: p99 4.90 ms'));
    // A figure far from the line stays 4 px above its bar.
    expect(figure('2.80')).toBe(barTop('100 streams: p99 2.80 ms') - 4);
    // A bar just over the line keeps its figure above it, which the line does not reach.
    const inputs = all();
    inputs.relay.results.rows[2].added.p99 = 5.1;
    const over = renderBenchChart(inputs, host);
    const overY = Number(over.match(/<text [^>]*y="([\d.]+)"[^>]*>5.10<\/text>/)[1]);
    const overTop = Number(over.match(/<rect [^>]*y="([\d.]+)"[^>]*><title>500 streams: p99 5.10 ms<\/title>/)[1]);
    expect(overY).toBe(overTop - 4);
  });

  it('draws the RSS of each further stream beside the RSS from idle when the results have it', () => {
    const inputs = all();
    inputs.relay.results.memory.marginal = { rss: 52 * 1024, heap: 30 * 1024 };
    inputs.relay.results.floor.marginal = { rss: 35 * 1024, heap: 21 * 1024 };
    const shown = visibleText(renderBenchChart(inputs, host));
    for (const label of ['RSS 500→1,000', 'RSS from idle', 'V8 heap + ext.']) expect(shown).toContain(label);
    for (const figure of ['52.0', '35.0', '48.0', '40.0']) expect(shown).toContain(figure);
  });

  it('says that the memory figures are the median of several processes, and names their figures in the tooltip', () => {
    const inputs = all();
    const measured = (rss, marginal) => ({ rss: rss * 1024, heap: 32.5 * 1024, marginal: { rss: marginal * 1024, heap: 32 * 1024 } });
    inputs.relay.results.memory = { ...measured(72, 49.4), processes: [measured(67.5, 37.5), measured(72, 49.4), measured(75, 53.4)] };
    const svg = renderBenchChart(inputs, host);
    expect(visibleText(svg)).toContain('each bar: the median of 3 fresh processes');
    expect(svg).toContain('relay: RSS 500→1,000 49.4 KiB per open stream (median of 37.5, 49.4, 53.4 KiB)');
    expect(visibleText(renderBenchChart(all(), host))).not.toContain('each bar: the median');
  });

  it('says when, on what and by which command the figures were measured', () => {
    const shown = visibleText(renderBenchChart(all(), host));
    expect(shown).toContain('Measured 2026-11-30 on AMD EPYC × 2, 23.5 GiB RAM, Linux 6.18.44 (x64), Node v20.20.2.');
    expect(shown).toContain('Command: pnpm bench (from the repository root; it builds first).');
    expect(shown).toContain('packages/core/BENCHMARKS.md, packages/node/BENCHMARKS.md, apps/express-demo/BENCHMARKS.md');
    expect(shown).not.toContain('Quick smoke runs');
  });

  it('escapes text that comes from the results', () => {
    const inputs = all();
    inputs.relay.results.machine.cpu = `<script>alert("x")</script> & 'co' \u0007`;
    inputs.node.results.cases[0].title = '1 < 2 & "3"';
    const svg = renderBenchChart(inputs, host);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;co&apos; \ufffd');
    expect(svg).toContain('1 &lt; 2 &amp; &quot;3&quot;: chunks/s');
    // Outside tags, nothing but escaped text: no stray < or >, and every & starts an entity.
    const outside = svg.replace(/<[^>]*>/g, '');
    expect(outside).not.toMatch(/[<>]/);
    expect(outside).not.toMatch(/&(?!(lt|gt|quot|apos|amp);)/);
  });

  it('draws a "no data" panel for missing results, and the others as usual', () => {
    const inputs = all();
    inputs.node = { problem: 'packages/node/bench/results/latest.json not found (run pnpm bench)' };
    const shown = visibleText(renderBenchChart(inputs, host));
    expect(shown).toContain('No data: packages/node/bench/results/latest.json not found (run pnpm bench)');
    expect(shown).toContain('ours = 4.25× groq-sdk');
    expect(shown).toContain('target: p99 < 5 ms');
  });

  it('draws three "no data" panels, and names this machine, when there are no results at all', () => {
    const problem = (path) => ({ problem: `${path} not found` });
    const shown = visibleText(renderBenchChart({ core: problem('core.json'), node: problem('node.json'), relay: problem('relay.json') }, host));
    for (const path of ['core.json', 'node.json', 'relay.json']) expect(shown).toContain(`No data: ${path} not found`);
    expect(shown).toContain('No benchmark results yet: run pnpm bench');
  });

  it('marks readers that were not run, and ratios that cannot be computed', () => {
    const inputs = all();
    for (const result of inputs.core.results.pieceResults) {
      delete result.variants['groq-sdk'];
      result.ratios = {};
    }
    inputs.node.results.cases = inputs.node.results.cases.filter((result) => result.id === 'single');
    inputs.node.results.cases[0].ratios = {};
    const shown = visibleText(renderBenchChart(inputs, host));
    expect(shown).toContain('not run');
    expect(shown).toContain('ours = — groq-sdk');
    expect(shown).toContain('not measured');
    expect(shown).not.toContain('200 streams');
  });
});

describe('describeBenchRun', () => {
  it('gives the flags one `pnpm bench -- ...` passed to every benchmark, and which runs were quick', () => {
    const runs = { core: core(), node: node(), relay: relay() };
    for (const results of Object.values(runs)) results.args = ['--quick'];
    runs.core.options.quick = true;
    runs.node.options.quick = true;
    runs.relay.parameters.quick = true;
    expect(describeBenchRun(runs, host)).toMatchObject({ command: 'pnpm bench -- --quick', quick: ['core', 'node', 'relay'] });
  });

  it('names each run when they were not one command, and a date range', () => {
    const runs = { core: core(), node: node(), relay: undefined };
    runs.node.args = ['--cases=single'];
    runs.node.date = '2026-12-01T09:00:00.000Z';
    const run = describeBenchRun(runs, host);
    expect(run.command).toBe('pnpm --filter @groq-stream/core bench; pnpm --filter @groq-stream/node bench -- --cases=single');
    expect(run.date).toBe('2026-11-30 to 2026-12-01');
    expect(run.machine).toBe('AMD EPYC × 2, 24 GiB RAM, Linux 6.18.44 (x64), Node v20.20.2');
  });
});

describe('updateReadme', () => {
  const run = describeBenchRun({ core: core(), node: node(), relay: relay() }, host);
  const docs = [['parser', 'packages/core/BENCHMARKS.md']];

  it('rewrites only the text between the markers', () => {
    const readme = `# Title\n\n${README_START}\nold line\n${README_END}\n\nAfter.\n`;
    const updated = updateReadme(readme, run, docs);
    expect(updated).toBe(
      `# Title\n\n${README_START}\n` +
        'Measured 2026-11-30 on AMD EPYC × 2, 23.5 GiB RAM, Linux 6.18.44 (x64), Node v20.20.2, with `pnpm bench`. ' +
        `Method and full tables: [parser](packages/core/BENCHMARKS.md).\n${README_END}\n\nAfter.\n`,
    );
    expect(updateReadme(updated, run, docs)).toBe(updated);
  });

  it('leaves a README without markers alone', () => {
    expect(updateReadme('# Title\n', run, docs)).toBeUndefined();
  });
});

describe('svg helpers', () => {
  it('escapes the five XML specials and characters XML does not allow', () => {
    expect(escapeXml(`<a href="x">&'</a>\u0000\ud800`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;\ufffd\ufffd');
    expect(escapeXml('😀 é')).toBe('😀 é');
  });

  it('puts axis ticks at round steps', () => {
    expect(niceTicks(1_700_000 * 1.08)).toEqual([0, 500_000, 1_000_000, 1_500_000, 2_000_000]);
    expect(niceTicks(7.7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});
