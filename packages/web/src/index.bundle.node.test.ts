import type { Metafile } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { bundleForBrowser } from '../scripts/bundle-for-browser.mjs';

// What `Stream`'s relay and accumulation methods need is loaded with `import()` on first use, so that a page that
// only reads a stream does not download it (scripts/bundle-size.mjs measures it). A static import of one of those
// modules from code the page runs, or an export of one from the index, would bring it back up front without a
// word: esbuild keeps a module up front when the entry reaches it through static imports, unused re-exports of a
// package's index included. So two pages are bundled here as an app's bundler does it (esbuild, code splitting,
// from the built packages) and where those modules land is checked.
const programs = {
  'a page reading its relay': `import { Stream } from '@groq-stream/web';
const response = await fetch('/api/chat', { method: 'POST' });
for await (const chunk of Stream.fromSSEResponse(response)) document.body.append(chunk.choices[0]?.delta?.content ?? '');
`,
  'a page streaming a completion': `import { Groq, Stream } from '@groq-stream/web';
const client = new Groq({ apiKey: 'key-from-the-user', baseURL: location.origin, dangerouslyAllowBrowser: true });
const stream = await client.chat.completions.create({ model: 'llama-3.1-8b-instant', messages: [{ role: 'user', content: 'Hi' }], stream: true });
if (!(stream instanceof Stream)) throw new TypeError('not a Stream');
for await (const chunk of stream) document.body.append(chunk.choices[0]?.delta?.content ?? '');
`,
};

// The modules of core's `stream-methods.js` and what only they use: the encoders, their timers and error
// payloads, the frames and their key guard, text deltas, and the merge of a whole completion.
const lazyModules = [
  'encode-sse-stream',
  'encode-ndjson-stream',
  'start-sse-stream-timers',
  'with-data-frames',
  'relay-frames',
  'may-hold-client-key',
  'split-key-guard',
  // The guard reads what may begin a key from the redaction's patterns; the redaction on every page writes its
  // spellings out instead (is-groq-prefix-start.ts).
  'follow-key',
  'prefix-pattern',
  'error-payload-guard',
  'safe-error-payload-of',
  'errors/has-error-brand',
  'text-deltas',
  'chat-completion-builder',
];

// Exported by the index and checked for by the lazy code, which tests their brand rather than importing them:
// a page that never makes one downloads none of them.
const unusedByPages = ['errors/chat-request-error'];

/** The modules of core (their file names, without `.js`) in what `program` loads up front and in its lazy chunks. */
async function split(program: string): Promise<{ upFront: string[]; lazy: string[] }> {
  const { metafile, upFront } = await bundleForBrowser(program, { resolveDir: new URL('..', import.meta.url).pathname });
  const outputs = metafile.outputs;
  const modulesOf = (paths: string[]): string[] => paths.flatMap((path) => coreModulesIn(outputs[path]!)).sort();
  const chunks = Object.keys(outputs).filter((path) => path.endsWith('.js'));
  return { upFront: modulesOf(chunks.filter((path) => upFront.has(path))), lazy: modulesOf(chunks.filter((path) => !upFront.has(path))) };
}

/** Core's modules with code in `output`, by file name. */
function coreModulesIn(output: Metafile['outputs'][string]): string[] {
  return Object.entries(output.inputs)
    .filter(([path, { bytesInOutput }]) => bytesInOutput > 0 && /(^|\/)core\/dist\//.test(path))
    .map(([path]) => path.replace(/^.*core\/dist\//, '').replace(/\.js$/, ''));
}

describe('bundled by an app (esbuild, code splitting, the built packages)', () => {
  for (const [name, program] of Object.entries(programs)) {
    test(`${name}: what only the relay and accumulation methods use is in lazy chunks, none of it up front`, async () => {
      const { upFront, lazy } = await split(program);
      // The page's own code is there: the split was read from the bundle, not from an empty one.
      expect(upFront).toEqual(expect.arrayContaining(['stream', 'chunk-reader', 'sse-decoder']));
      expect(upFront.filter((module) => lazyModules.includes(module))).toEqual([]);
      expect(lazy).toEqual(expect.arrayContaining(lazyModules));
      expect(upFront.filter((module) => unusedByPages.includes(module))).toEqual([]);
    });
  }
});
