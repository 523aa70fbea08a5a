import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

// The type side of "migrating changes only the import line": each file of test/groq-sdk-programs is a small
// program as groq-sdk's README and docs write them (streaming loops, tool-call loops that push the answer's
// message back, structured output, error handling by class and status, aborting, raw responses). This
// package's typecheck compiles them against groq-sdk; here they compile again against @groq-stream/node and
// @groq-stream/web with only the import lines changed, under strict settings and the two stricter flags users
// turn on, so that a type made narrower, a field dropped or an overload that resolves differently fails here.
const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const programs = fileURLToPath(new URL('./test/groq-sdk-programs/', import.meta.url));
// One directory per run, inside this package, where groq-sdk and both our packages resolve.
const workDirectory = `${mkdtempSync(`${packageRoot}.groq-sdk-programs-`)}/`;

afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

/** The program with its `groq-sdk` imports (the default one, named ones, deep type paths) made `to`'s. */
function migrated(source: string, to: string): string {
  return source
    .replace(/^import Groq, \{([^}]*)\} from 'groq-sdk';$/m, `import { Groq,$1} from '${to}';`)
    .replace(/^import Groq from 'groq-sdk';$/m, `import { Groq } from '${to}';`)
    .replace(/from 'groq-sdk\/[^']+';$/gm, `from '${to}';`);
}

function compile(directory: string, compilerOptions: Record<string, unknown>): Promise<string> {
  writeFileSync(
    `${directory}tsconfig.json`,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        module: 'Preserve',
        moduleResolution: 'Bundler',
        types: ['node'],
        // The packages' own declarations are checked by their builds and packaging.node.test.ts.
        skipLibCheck: true,
        ...compilerOptions,
      },
      include: ['**/*.ts'],
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((resolve) => execFile(process.execPath, [tsc, '-p', `${directory}tsconfig.json`], { encoding: 'utf8' }, (_error, stdout) => resolve(stdout)));
}

/** Writes a copy of every program for groq-sdk, node and web into `directory`, and compiles them there. */
function compileCopies(directory: string, files: string[], compilerOptions: Record<string, unknown>): Promise<string> {
  for (const target of ['groq-sdk', '@groq-stream/node', '@groq-stream/web']) {
    const copy = `${directory}${target.replace(/^@groq-stream\//, '')}/`;
    mkdirSync(copy, { recursive: true });
    for (const name of files) {
      const source = readFileSync(programs + name, 'utf8');
      // groq-sdk's copy under the same settings: a program that does not compile there is no evidence here.
      writeFileSync(copy + name, target === 'groq-sdk' ? source : migrated(source, target));
    }
  }
  return compile(directory, compilerOptions);
}

test('the import line is all a groq-sdk program changes: node and web compile it as groq-sdk does', async () => {
  const files = readdirSync(programs).filter((name) => name.endsWith('.ts'));
  expect(files.length).toBeGreaterThanOrEqual(30);
  for (const name of files) expect(migrated(readFileSync(programs + name, 'utf8'), '@groq-stream/node'), name).not.toMatch(/from 'groq-sdk/);
  const [strict, strictest] = await Promise.all([
    compileCopies(`${workDirectory}strict/`, files, {}),
    compileCopies(`${workDirectory}strictest/`, files, { exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true }),
  ]);
  expect(strict).toBe('');
  expect(strictest).toBe('');
}, 120_000);
