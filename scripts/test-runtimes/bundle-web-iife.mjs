// The built @groq-stream/web (dist/index.js) bundled by esbuild into one IIFE script that sets the global
// `GroqStreamWeb`, as a browser or a sandbox without modules loads it.
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The script's text. `root` is the repository. */
export async function bundleWebIIFE(root) {
  const webDir = join(root, 'packages/web');
  const esbuild = createRequire(join(webDir, 'package.json'))('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(webDir, 'dist/index.js')],
    bundle: true,
    format: 'iife',
    globalName: 'GroqStreamWeb',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}
