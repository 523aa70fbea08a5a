// Builds the chat page: bundles src/client/chat.ts (and the parts of @groq-stream/web it uses) into
// dist/public/chat.js, and copies the HTML and CSS beside it. No CDN, no framework.
import { cp, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}dist/public`;
await mkdir(out, { recursive: true });
await cp(`${root}src/public`, out, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ['src/client/chat.ts'],
  outfile: 'dist/public/chat.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});
const bytes = result.metafile.outputs['dist/public/chat.js']?.bytes ?? 0;
console.log(`dist/public/chat.js: ${(bytes / 1024).toFixed(1)} KiB`);
