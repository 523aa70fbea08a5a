// The workspace's packages, imported by name from their built `dist` (`pnpm build` first). The root has no
// dependency on them, so names resolve as packages/node sees them: its dependencies name every package the
// soak needs (@groq-stream/node itself by self-reference, web and mock-server, express), and the exports
// map's "import" condition picks the ESM build that an app would load.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(root, 'packages/node/package.json'));

/** `import(name)` of a workspace package's built ESM entry point. */
export async function importPackage(name) {
  const manifestPath = require.resolve(`${name}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const entry = join(dirname(manifestPath), manifest.exports['.'].import.default);
  if (!existsSync(entry)) throw new Error(`${name} is not built (${entry} is missing): run \`pnpm build\` first.`);
  return import(pathToFileURL(entry).href);
}

/** `require(name)` for a CommonJS dependency of packages/node (express). */
export const requirePackage = (name) => require(name);
