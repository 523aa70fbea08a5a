// Edge runtime: @edge-runtime/vm (a devDependency of packages/web) evaluates the web build bundled by
// esbuild into one IIFE script; the VM's own fetch (edge-runtime primitives) reaches the mock.
// usage: node smoke-edge.mjs <mockURL> <repoRoot>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleWebIIFE } from './bundle-web-iife.mjs';
import { runSmoke } from './smoke-lib.mjs';

const [baseURL, root] = process.argv.slice(2);
const requireFromWeb = createRequire(join(root, 'packages/web/package.json'));
const { EdgeVM } = requireFromWeb('@edge-runtime/vm');
const vmVersion = JSON.parse(readFileSync(join(requireFromWeb.resolve('@edge-runtime/vm'), '../../package.json'), 'utf8')).version;

const code = await bundleWebIIFE(root);
const vm = new EdgeVM();
vm.evaluate(code);
const hasProcess = vm.evaluate('typeof process');
const result = await vm.evaluate(
  `(${runSmoke.toString()})({ Groq: GroqStreamWeb.Groq, APIUserAbortError: GroqStreamWeb.APIUserAbortError, baseURL: ${JSON.stringify(baseURL)} })
     .then((r) => JSON.stringify(r))`,
);
console.log(`RESULT ${JSON.stringify({ runtime: `@edge-runtime/vm ${vmVersion}`, processInVM: hasProcess, ...JSON.parse(result) })}`);
