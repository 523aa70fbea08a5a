// Edge runtime: @edge-runtime/vm (a devDependency of packages/web) evaluates the web build bundled by
// esbuild into one IIFE file; the VM's own fetch (edge-runtime primitives) reaches the mock.
// usage: node smoke-edge.mjs <mockURL> <repoRoot> <cacheDir>
import { readFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { runSmoke } from './smoke-lib.mjs';

const [baseURL, root, cacheDir] = process.argv.slice(2);
const webDir = join(root, 'packages/web');
const requireFromWeb = createRequire(join(webDir, 'package.json'));
const esbuild = requireFromWeb('esbuild');
const { EdgeVM } = requireFromWeb('@edge-runtime/vm');
const vmVersion = JSON.parse(readFileSync(join(requireFromWeb.resolve('@edge-runtime/vm'), '../../package.json'), 'utf8')).version;

mkdirSync(cacheDir, { recursive: true });
// One file per process: concurrent runs never read each other's half-written bundle.
const outfile = join(cacheDir, `groq-stream-web.edge.${process.pid}.iife.js`);
await esbuild.build({
  entryPoints: [join(webDir, 'dist/index.js')],
  bundle: true,
  format: 'iife',
  globalName: 'GroqStreamWeb',
  platform: 'browser',
  target: 'es2022',
  outfile,
  logLevel: 'error',
});

const code = readFileSync(outfile, 'utf8');
rmSync(outfile, { force: true });
const vm = new EdgeVM();
vm.evaluate(code);
const hasProcess = vm.evaluate('typeof process');
const result = await vm.evaluate(
  `(${runSmoke.toString()})({ Groq: GroqStreamWeb.Groq, APIUserAbortError: GroqStreamWeb.APIUserAbortError, baseURL: ${JSON.stringify(baseURL)} })
     .then((r) => JSON.stringify(r))`,
);
console.log(`RESULT ${JSON.stringify({ runtime: `@edge-runtime/vm ${vmVersion}`, processInVM: hasProcess, ...JSON.parse(result) })}`);
