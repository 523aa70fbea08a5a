// How an app's bundler packs a browser program, for the bundle-size script and the test that guards its lazy
// split: esbuild, bundled, minified, browser platform, ES2022, ESM with code splitting.
import { build } from 'esbuild';

/**
 * Bundles `contents` as the program's one entry point (code splitting needs entry points, not stdin), with its
 * imports resolved from `resolveDir`. Nothing is written; paths in the result are relative to `workingDir`
 * (default `resolveDir`).
 *
 * @returns esbuild's result (`outputFiles`, `metafile`) and `upFront`: the paths of the output files the page
 *   loads before the program runs (the entry and what it imports statically, transitively); every other `.js`
 *   file is a chunk loaded through `import()` on first use.
 */
export async function bundleForBrowser(contents, { resolveDir, workingDir = resolveDir, plugins = [] }) {
  const program = {
    name: 'program',
    setup(bundler) {
      bundler.onResolve({ filter: /^program:app\.js$/ }, () => ({ path: 'app.js', namespace: 'program' }));
      bundler.onLoad({ filter: /.*/, namespace: 'program' }, () => ({ contents, resolveDir, loader: 'js' }));
    },
  };
  const result = await build({
    plugins: [program, ...plugins],
    entryPoints: ['program:app.js'],
    absWorkingDir: workingDir,
    outdir: 'bundle-out',
    bundle: true,
    splitting: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
  });
  const { outputs } = result.metafile;
  const upFront = new Set();
  const visit = (path) => {
    if (upFront.has(path)) return;
    upFront.add(path);
    for (const { path: imported, kind } of outputs[path].imports) if (kind === 'import-statement') visit(imported);
  };
  visit(Object.keys(outputs).find((path) => outputs[path].entryPoint !== undefined));
  return { outputFiles: result.outputFiles, metafile: result.metafile, upFront };
}
