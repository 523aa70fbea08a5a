// Node, ESM: `import` of the built @groq-stream/node, through its exports map's "import" condition.
// usage: node smoke-node-esm.mjs <mockURL> <repoRoot>
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runSmoke } from './smoke-lib.mjs';

const [baseURL, root] = process.argv.slice(2);
const pkgDir = join(root, 'packages/node');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const mod = await import(pathToFileURL(join(pkgDir, pkg.exports['.'].import.default)).href);
const result = await runSmoke({ Groq: mod.Groq, APIUserAbortError: mod.APIUserAbortError, baseURL });
console.log(`RESULT ${JSON.stringify({ runtime: globalThis.Bun ? `bun ${Bun.version}` : `node ${process.version}`, ...result })}`);
