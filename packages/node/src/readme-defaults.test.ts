import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { Groq } from '@groq-stream/core';
import { chatRelayDefaults, defaultHeartbeatMs, defaultMaxEventSize } from './index.js';

// The defaults the READMEs state, against the values the code exports, so that a constant that changes
// without its documentation (or the reverse) fails here rather than misleading a reader. Core's tables give
// each as a number; node's and web's lists repeat the relay's (`maxBodyBytes` (64 KiB), ...).
const repository = fileURLToPath(new URL('../../../', import.meta.url));
const read = (readme: string): string => readFileSync(repository + readme, 'utf8');

/** The `default` cell of the row for `option` in the table under the heading that starts with `heading`. */
function tableDefault(readme: string, heading: string, option: string): string | undefined {
  const text = read(readme);
  const start = text.indexOf(`\n${heading}`);
  const section = text.slice(start, text.indexOf('\n#', start + 1));
  const rows = section.split('\n').filter((line) => line.startsWith('|')).map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
  const column = rows[0]?.indexOf('default') ?? -1;
  return rows.find((cells) => cells[0] === `\`${option}\``)?.[column];
}

/** A number as the READMEs write one: `65536`, `10 000`, `64 KiB`, `16 MiB`. */
function numberIn(text: string | undefined): number | undefined {
  const match = /^`?(\d[\d ,]*)`?(?:\s*(KiB|MiB))?/.exec(text ?? '');
  if (match === null) return undefined;
  return Number(match[1]!.replace(/[ ,]/g, '')) * (match[2] === 'KiB' ? 1024 : match[2] === 'MiB' ? 1024 * 1024 : 1);
}

const relayDefaults: Record<string, number> = { ...chatRelayDefaults, heartbeatMs: defaultHeartbeatMs };

test("core's table of relay options gives the defaults the relays apply", () => {
  for (const [option, value] of Object.entries(relayDefaults)) {
    expect(numberIn(tableDefault('packages/core/README.md', '### Relay options', option)), option).toBe(value);
  }
});

test.each(['packages/node/README.md', 'packages/web/README.md'])("%s's list of relay options gives the same defaults", (readme) => {
  const text = read(readme);
  const section = text.slice(text.indexOf('\n### Relay options'), text.indexOf('\n### ', text.indexOf('\n### Relay options') + 1));
  for (const [option, value] of Object.entries(relayDefaults)) {
    const stated = new RegExp(`\`${option}\` \\(([^)]+)\\)`).exec(section)?.[1];
    expect(numberIn(stated), `${readme}: ${option}`).toBe(value);
  }
});

test("core's tables of client and stream options give the defaults the code applies", () => {
  // Core's client, which reads no environment (node's would take GROQ_LOG and GROQ_BASE_URL).
  const client = new Groq({ apiKey: 'gsk_readme_defaults' });
  const core = 'packages/core/README.md';
  expect(numberIn(tableDefault(core, '### Client', 'timeout'))).toBe(client.timeout);
  expect(client.timeout).toBe(Groq.DEFAULT_TIMEOUT);
  expect(numberIn(tableDefault(core, '### Client', 'maxRetries'))).toBe(client.maxRetries);
  expect(numberIn(tableDefault(core, '### Client', 'maxEventSize'))).toBe(defaultMaxEventSize);
  expect(tableDefault(core, '### Client', 'baseURL')).toMatch(new RegExp(`^\`${client.baseURL}\``));
  expect(tableDefault(core, '### Client', 'logLevel')).toMatch(new RegExp(`^\`'${client.logLevel}'\``));
  expect(numberIn(tableDefault(core, '`toSSEReadableStream(options)`', 'heartbeatMs'))).toBe(defaultHeartbeatMs);
  expect(numberIn(tableDefault(core, '`Stream.fromSSEResponse` and', 'maxEventSize'))).toBe(defaultMaxEventSize);
  expect(numberIn(tableDefault(core, '| option (`SSEDecoderOptions`)', 'maxEventSize'))).toBe(defaultMaxEventSize);
});
