// Node (and Bun), CommonJS: `require('@groq-stream/node')`, resolved by the package's self-reference through
// its exports map's "require" condition (dist/index.cjs, which loads the ES module through require(esm)).
// usage: node smoke-node-cjs.cjs <mockURL> <repoRoot>
const { createRequire } = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const [baseURL, root] = process.argv.slice(2);
const requireFromPkg = createRequire(join(root, 'packages/node/package.json'));
const resolved = requireFromPkg.resolve('@groq-stream/node');
if (!resolved.endsWith('.cjs')) throw new Error(`require resolved to ${resolved}, expected the .cjs build`);
const { Groq, APIUserAbortError } = requireFromPkg('@groq-stream/node');

(async () => {
  // One copy of core whether required (through @groq-stream/node) or imported: its ES module build.
  const core = await import(pathToFileURL(join(root, 'packages/core/dist/index.js')).href);
  if (requireFromPkg('@groq-stream/node').Stream !== core.Stream) throw new Error('require() and import() gave two copies of @groq-stream/core');
  const { runSmoke } = await import(pathToFileURL(join(__dirname, 'smoke-lib.mjs')).href);
  const result = await runSmoke({ Groq, APIUserAbortError, baseURL });
  console.log(`RESULT ${JSON.stringify({ runtime: globalThis.Bun ? `bun ${Bun.version}` : `node ${process.version}`, ...result })}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
