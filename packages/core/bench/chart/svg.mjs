// Writing SVG by hand, with no dependency: escaping, elements, number formats, axis ticks and colours.

const XML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * `value` as text that is safe inside an SVG element or a quoted attribute. Characters that XML 1.0 does
 * not allow at all (most control characters, lone surrogates) become U+FFFD.
 */
export function escapeXml(value) {
  return String(value)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"']/g, (character) => XML_ESCAPES[character]);
}

const round = (value) => Math.round(value * 10) / 10;

/** An element. Attributes are escaped (undefined ones left out); `children` are SVG already (nested arrays allowed). */
export function element(name, attributes = {}, ...children) {
  const attributeText = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(typeof value === 'number' ? round(value) : value)}"`)
    .join('');
  // `condition && element(...)` leaves false or undefined behind: skipped, like empty strings.
  const inner = children.flat(Infinity).filter((child) => typeof child === 'string' && child !== '').join('');
  return inner ? `<${name}${attributeText}>${inner}</${name}>` : `<${name}${attributeText}/>`;
}

/** A text element; `content` is plain text, escaped here. */
export const text = (content, attributes) => element('text', attributes, escapeXml(content));

/** A tooltip for the element it is put in; `content` is plain text, escaped here. */
export const tooltip = (content) => element('title', {}, escapeXml(content));

export const COLORS = {
  ours: '#e8590c',
  oursMid: '#fd7e14',
  oursLight: '#ffa94d',
  groqSdk: '#868e96',
  bare: '#1c7ed6',
  floor: '#adb5bd',
  floorMid: '#ced4da',
  floorLight: '#dee2e6',
  target: '#c92a2a',
  text: '#212529',
  muted: '#6c757d',
  grid: '#e9ecef',
  axis: '#adb5bd',
  frame: '#dee2e6',
  background: '#ffffff',
};

/** Attributes of a text drawn over lines: a ring of background colour around each glyph keeps it readable. */
export const HALO = { stroke: COLORS.background, 'stroke-width': 3, 'stroke-linejoin': 'round', 'paint-order': 'stroke' };

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234567 → "1.23M", 45678 → "45.7k", 789 → "789". */
export function formatCompact(value) {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const size = Math.abs(value);
  if (size >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (size >= 1e4) return `${(value / 1e3).toFixed(0)}k`;
  if (size >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return counts.format(value);
}
export const formatCount = (value) => (value === undefined || !Number.isFinite(value) ? '—' : counts.format(value));
export const formatRatio = (value) => (value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(2)}×`);
export function formatMs(value) {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const size = Math.abs(value);
  if (size >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return `${value.toFixed(size < 10 ? 2 : size < 100 ? 1 : 0)} ms`;
}
export const formatKib = (bytes) => (bytes === undefined || !Number.isFinite(bytes) ? '—' : `${(bytes / 1024).toFixed(1)} KiB`);

export function formatSize(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 ? 1 : 0)} KiB`;
  return `${bytes} B`;
}

/** Ticks from 0 to at least `max`, a round step apart (1, 2 or 5 × 10ⁿ), about `count` of them. */
export function niceTicks(max, count = 5) {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((multiple) => multiple * power).find((candidate) => candidate >= rough);
  const steps = Math.ceil(max / step - 1e-9);
  return Array.from({ length: steps + 1 }, (_, index) => Number((index * step).toPrecision(12)));
}

/**
 * A vertical value axis over `[top, bottom]`: grid lines with tick labels at `left`, and `label` turned
 * along the axis, `labelOffset` px left of it. Returns the SVG and `y(value)`.
 */
export function valueAxis({ left, right, top, bottom, max, format, label, labelOffset = 52 }) {
  const ticks = niceTicks(max);
  const highest = ticks[ticks.length - 1];
  const y = (value) => bottom - (Math.max(0, Math.min(value, highest)) / highest) * (bottom - top);
  const svg = [
    ...ticks.map((tick) => [
      element('line', { x1: left, x2: right, y1: y(tick), y2: y(tick), stroke: tick === 0 ? COLORS.axis : COLORS.grid }),
      text(format(tick), { x: left - 6, y: y(tick) + 4, 'text-anchor': 'end', 'font-size': 11, fill: COLORS.muted }),
    ]),
    label &&
      text(label, {
        x: left - labelOffset,
        y: (top + bottom) / 2,
        transform: `rotate(-90 ${round(left - labelOffset)} ${round((top + bottom) / 2)})`,
        'text-anchor': 'middle',
        'font-size': 11,
        fill: COLORS.muted,
      }),
  ];
  return { svg, y };
}

/** A row of coloured squares with labels, from `x` rightwards. */
export function legend(items, { x, y }) {
  let at = x;
  return items.map(({ label, color, dashed }) => {
    const mark = dashed
      ? element('line', { x1: at, x2: at + 12, y1: y - 4, y2: y - 4, stroke: color, 'stroke-width': 2, 'stroke-dasharray': '4 3' })
      : element('rect', { x: at, y: y - 10, width: 12, height: 12, rx: 2, fill: color });
    const item = [mark, text(label, { x: at + 17, y, 'font-size': 12, fill: COLORS.text })];
    at += 17 + estimateWidth(label, 12) + 18;
    return item;
  });
}

/** Roughly how wide `content` is in a sans-serif font of `size` px (no font metrics to hand). */
export const estimateWidth = (content, size) => String(content).length * size * 0.56;

/** A panel's title and subtitle. */
export function heading(title, subtitle, { x, y }) {
  return [
    text(title, { x, y: y + 20, 'font-size': 15, 'font-weight': 'bold', fill: COLORS.text }),
    subtitle && text(subtitle, { x, y: y + 38, 'font-size': 12, fill: COLORS.muted }),
  ];
}

/** A panel with nothing to draw: its title and why, in place of the figures. */
export function renderNoData(title, problem, { x, y, width }) {
  const height = 110;
  return {
    height,
    svg: [
      heading(title, undefined, { x, y }),
      element('rect', { x, y: y + 32, width, height: 62, rx: 6, fill: '#f8f9fa', stroke: COLORS.frame, 'stroke-dasharray': '6 4' }),
      text(`No data: ${problem}`, { x: x + width / 2, y: y + 68, 'text-anchor': 'middle', 'font-size': 13, fill: COLORS.muted }),
    ],
  };
}
