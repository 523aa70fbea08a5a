/**
 * Consumers from tarballs: what a user gets from `npm install`, outside this workspace.
 *
 * `pnpm pack`s core, node, web and mock-server into a fresh temporary directory, checks what went into each
 * tarball (only dist, README and LICENSE; no `workspace:` ranges left; source maps that hold the sources they
 * name, which the tarball does not), then installs the tarballs into seven fresh projects in the OS temp
 * directory (an ESM one, a CommonJS one using `require`, TypeScript with
 * `moduleResolution` `node16`, with `bundler`, with `node10` and no esModuleInterop, and TypeScript 5.0 and 7 from the
 * registry) and, in each, streams completions from the installed `groq-stream-mock --port 0` and aborts one
 * mid-stream. Also resolves every entry of the exports maps as a tool that matches neither `import` nor
 * `require` does. The TypeScript projects are compiled with the workspace's `tsc`, the last two with their own (no
 * `skipLibCheck`, so broken type paths in our declarations fail) and the output is run.
 *
 * Needs every package built first (turbo's `test` depends on `build`; `@groq-stream/web` and
 * `@groq-stream/mock-server` are dev dependencies of this package for that reason). Nothing is kept
 * between runs: the temporary directory is created anew and removed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, runCommand } from './test/run-command.js';

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const packageNames = ['core', 'node', 'web', 'mock-server'] as const;
const tsc = join(workspaceRoot, 'node_modules', 'typescript', 'bin', 'tsc');

let temp: string;
let tarballs: string[];

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'groq-stream-packaging-'));
  const tarballDir = join(temp, 'tarballs');
  await mkdir(tarballDir);
  for (const name of packageNames) {
    await runCommand('pnpm', ['pack', '--pack-destination', tarballDir], { cwd: join(workspaceRoot, 'packages', name) });
  }
  tarballs = (await readdir(tarballDir)).filter((file) => file.endsWith('.tgz')).map((file) => join(tarballDir, file));
  // Four `pnpm pack`s, one after another: about 10 s on a quiet machine, past 60 s beside a whole-repo test run.
}, 180_000);

afterAll(async () => {
  if (temp !== undefined) await rm(temp, { recursive: true, force: true });
});

/** The version of each package in this workspace, by package name. */
async function workspaceVersions(): Promise<Map<string, string>> {
  const versions = new Map<string, string>();
  for (const name of packageNames) {
    const manifest = JSON.parse(await readFile(join(workspaceRoot, 'packages', name, 'package.json'), 'utf8')) as { name: string; version: string };
    versions.set(manifest.name, manifest.version);
  }
  return versions;
}

describe('packed tarballs', () => {
  it('holds one tarball per package, named after its version', async () => {
    const expected = [];
    for (const name of packageNames) expected.push(`groq-stream-${name}-${(await workspaceVersions()).get(`@groq-stream/${name}`)}.tgz`);
    expect(tarballs.map((file) => file.slice(file.lastIndexOf('/') + 1)).sort()).toEqual(expected.sort());
  });

  it('ships only dist, README, LICENSE and (once released) CHANGELOG, with no workspace: ranges', async () => {
    for (const tarball of tarballs) {
      const { stdout: listing } = await runCommand('tar', ['-tzf', tarball], { cwd: temp });
      const files = listing.split('\n').filter(Boolean);
      expect(files, tarball).toContain('package/package.json');
      expect(files, tarball).toContain('package/README.md');
      expect(files, tarball).toContain('package/LICENSE');
      expect(files.filter((file) => !/^package\/(package\.json|README\.md|CHANGELOG\.md|LICENSE|dist\/.+)$/.test(file)), tarball).toEqual([]);
      expect(files.filter((file) => /\.test(-d)?\.|\/src\//.test(file)), tarball).toEqual([]);

      const { stdout: manifestText } = await runCommand('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: temp });
      expect(manifestText, tarball).not.toContain('workspace:');
      const manifest = JSON.parse(manifestText) as { dependencies?: Record<string, string> };
      for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
        // `workspace:^` becomes a caret range on the version in the workspace.
        if (dependency.startsWith('@groq-stream/')) expect(range, `${tarball}: ${dependency}`).toBe(`^${(await workspaceVersions()).get(dependency)}`);
      }
    }
  });

  it('ships source maps that carry their sources, since src/ is not in the tarball', async () => {
    for (const tarball of tarballs) {
      // Unpacked once: a `tar` per file takes seconds for core's few hundred files.
      const dir = await mkdtemp(join(temp, 'unpacked-'));
      await runCommand('tar', ['-xzf', tarball, '-C', dir], { cwd: temp });
      const files = (await readdir(dir, { recursive: true })).map((file) => file.split(sep).join('/'));
      for (const map of files.filter((file) => file.endsWith('.map'))) {
        const { sources, sourcesContent } = JSON.parse(await readFile(join(dir, map), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
        // A source the map names but neither the tarball nor the map holds shows as "could not load" in a
        // debugger, or as a warning from a bundler that reads the maps of its inputs.
        const missing = sources.filter((source, i) => typeof sourcesContent?.[i] !== 'string' && !files.includes(posix.join(posix.dirname(map), source)));
        expect(missing, `${tarball}: ${map}`).toEqual([]);
      }
      // Every JavaScript file that names a map has it in the tarball.
      for (const file of files.filter((f) => /\.c?js$/.test(f))) {
        const named = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(await readFile(join(dir, file), 'utf8'))?.[1];
        if (named !== undefined) expect(files, `${tarball}: ${file}`).toContain(posix.join(posix.dirname(file), named));
      }
    }
  });
});

/**
 * Resolves each specifier from `project` with Node's own resolver, given exactly `conditions` (plus `default`,
 * which always matches) through a resolve hook: what a bundler or runtime configured with condition names of
 * its own does. To each specifier, the URL it resolved to or the error's code.
 */
async function resolveWithConditions(project: string, specifiers: string[], conditions: string[]): Promise<Record<string, string>> {
  const hook = `export async function resolve(specifier, context, next) { return next(specifier, { ...context, conditions: ${JSON.stringify(conditions)} }); }`;
  const script = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
const resolved = {};
for (const specifier of ${JSON.stringify(specifiers)}) {
  try {
    resolved[specifier] = import.meta.resolve(specifier);
  } catch (error) {
    resolved[specifier] = error.code;
  }
}
console.log(JSON.stringify(resolved));
`;
  await writeFile(join(project, 'resolve.mjs'), script);
  const { stdout } = await runCommand(process.execPath, ['resolve.mjs'], { cwd: project });
  return JSON.parse(stdout) as Record<string, string>;
}

describe('exports maps', () => {
  it('resolve every entry for a tool that matches neither `import` nor `require`, to the ESM build', async () => {
    // Such a tool (webpack with a `resolve.conditionNames` of its own, a React Native bundler) matches only
    // `default` here; with no `default` key it fails with "not exported", and does not fall back to `main`.
    const project = join(temp, 'only-default');
    const specifiers: string[] = [];
    for (const tarball of tarballs) {
      const { stdout } = await runCommand('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: temp });
      const manifest = JSON.parse(stdout) as { name: string; exports: Record<string, unknown> };
      const dir = join(project, 'node_modules', ...manifest.name.split('/'));
      await mkdir(dir, { recursive: true });
      await runCommand('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { cwd: temp });
      for (const subpath of Object.keys(manifest.exports)) specifiers.push(posix.join(manifest.name, subpath));
    }
    expect(specifiers).toContain('@groq-stream/core/test');

    const imported = await resolveWithConditions(project, specifiers, ['node', 'import']);
    for (const [specifier, url] of Object.entries(imported)) expect(url, specifier).toMatch(/^file:.*\/(dist\/.+\.js|package\.json)$/);
    // The same files as `import`: the ESM build, which the consumers below run.
    expect(await resolveWithConditions(project, specifiers, [])).toEqual(imported);
  });
});

// A CommonJS project that also imports core (as an ES module dependency of it would) has one copy of core, the
// one its require()s of core, node and web got: one Stream class, one list of remembered keys to redact.
const oneCopyCheck = `
  const imported = await import('@groq-stream/core');
  const copies = [];
  if (imported.Stream !== Stream) copies.push('core');
  if (!(NodeGroq.prototype instanceof imported.Groq)) copies.push('node');
  if (!(WebGroq.prototype instanceof imported.Groq)) copies.push('web');
  if (copies.length > 0) throw new Error(\`require() of \${copies.join(', ')} gave another copy of @groq-stream/core than import()\`);`;

/** The program every consumer runs, in the given module syntax. */
function program(kind: 'esm' | 'cjs' | 'ts'): string {
  const typed = kind === 'ts';
  const imports =
    kind === 'cjs'
      ? `const { Groq: NodeGroq, APIUserAbortError } = require('@groq-stream/node');
const { Groq: WebGroq } = require('@groq-stream/web');
const { Stream } = require('@groq-stream/core');
const { createMockGroqServer } = require('@groq-stream/mock-server');`
      : `import { Groq as NodeGroq, APIUserAbortError } from '@groq-stream/node';
import { Groq as WebGroq } from '@groq-stream/web';
import { Stream${typed ? ', type Groq' : ''} } from '@groq-stream/core';
import { createMockGroqServer } from '@groq-stream/mock-server';`;
  const client = typed ? 'client: Groq' : 'client';
  return `${imports}

const baseURL = process.env.MOCK_URL;
if (!baseURL) throw new Error('MOCK_URL is not set');

async function streamOnce(${client}) {
  const stream = await client.chat.completions.create(
    { model: 'llama-3.1-8b-instant', messages: [{ role: 'user', content: 'Say hello' }], stream: true },
    { headers: { 'x-mock-tokens': '20' } },
  );
  if (!(stream instanceof Stream)) throw new Error('create() did not return a Stream');
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}

async function abortMidStream(${client}) {
  const stream = await client.chat.completions.create(
    { model: 'llama-3.1-8b-instant', messages: [{ role: 'user', content: 'Tell me a long story' }], stream: true },
    { headers: { 'x-mock-tokens': '500', 'x-mock-tokens-per-second': '100' } },
  );
  let chunks = 0;
  try {
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta?.content) chunks += 1;
      if (chunks === 3) stream.controller.abort();
    }
  } catch (error) {
    if (error instanceof APIUserAbortError) return chunks;
    throw error;
  }
  throw new Error('the aborted stream ended without an APIUserAbortError');
}

async function main() {${kind === 'cjs' ? oneCopyCheck : ''}
  const options = { apiKey: 'test-key', baseURL, maxRetries: 0 };
  const nodeText = await streamOnce(new NodeGroq(options));
  const webText = await streamOnce(new WebGroq(options));
  const abortedAfter = await abortMidStream(new NodeGroq(options));
  console.log(JSON.stringify({ nodeText, webText, abortedAfter, mockServer: typeof createMockGroqServer }));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;
}

interface Consumer {
  name: string;
  packageJson: Record<string, unknown>;
  files: Record<string, string>;
  extraDependencies: string[];
  /** Commands to run after installing (the TypeScript compile), with `node_modules/.bin`-free arguments. */
  build?: string[];
  /** Entry files to run with `node`, each a separate run against a freshly reset mock server. */
  entries: string[];
}

const tsCompilerOptions = {
  target: 'ES2022',
  strict: true,
  skipLibCheck: false,
  outDir: 'out',
  types: ['node'],
};

const consumers: Consumer[] = [
  {
    name: 'esm',
    packageJson: { type: 'module' },
    files: { 'index.js': program('esm') },
    extraDependencies: [],
    entries: ['index.js'],
  },
  {
    name: 'cjs',
    packageJson: { type: 'commonjs' },
    files: { 'index.js': program('cjs') },
    extraDependencies: [],
    entries: ['index.js'],
  },
  {
    // A Node.js project: no DOM lib, so our declarations must not need one. `.ts` is ESM (type: module) and
    // resolves the `import` types; `.cts` compiles to `require` and resolves the `require` types (.d.cts).
    name: 'ts-node16',
    packageJson: { type: 'module' },
    files: {
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...tsCompilerOptions, module: 'node16', moduleResolution: 'node16', lib: ['ES2022'] } }),
      'index.ts': program('ts'),
      'require.cts': program('ts'),
    },
    extraDependencies: ['@types/node@22.20.5'],
    build: [tsc, '-p', 'tsconfig.json'],
    entries: ['out/index.js', 'out/require.cjs'],
  },
  {
    // An older CommonJS project: `node10` resolution (`main`/`types`, no `exports`) and no esModuleInterop,
    // so our declarations must not default-import Node's modules.
    name: 'ts-node10',
    packageJson: { type: 'commonjs' },
    files: {
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...tsCompilerOptions, module: 'commonjs', moduleResolution: 'node10', lib: ['ES2022'] } }),
      'index.ts': program('ts'),
    },
    extraDependencies: ['@types/node@22.20.5'],
    build: [tsc, '-p', 'tsconfig.json'],
    entries: ['out/index.js'],
  },
  {
    // A bundler-style project (Vite, Next.js): ESM output with the `import` types.
    name: 'ts-bundler',
    packageJson: { type: 'module' },
    files: {
      'tsconfig.json': JSON.stringify({
        compilerOptions: { ...tsCompilerOptions, module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM', 'DOM.Iterable'] },
      }),
      'index.ts': program('ts'),
    },
    extraDependencies: ['@types/node@22.20.5'],
    build: [tsc, '-p', 'tsconfig.json'],
    entries: ['out/index.js'],
  },
  {
    // The oldest TypeScript the READMEs name (5.0), from the registry: our declarations are emitted by the
    // workspace's newer tsc and must not use what 5.0 cannot read. `.ts` and `.cts` as in ts-node16, so both
    // the .d.mts and the .d.cts files are read. No DOM lib: @types/node 22 and 5.0's DOM lib both declare
    // CompressionStream and clash, with or without this package.
    name: 'ts-5.0',
    packageJson: { type: 'module' },
    files: {
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...tsCompilerOptions, module: 'node16', moduleResolution: 'node16', lib: ['ES2022'] } }),
      'index.ts': program('ts'),
      'require.cts': program('ts'),
    },
    extraDependencies: ['@types/node@22.20.5', 'typescript@5.0.4'],
    build: [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    entries: ['out/index.js', 'out/require.cjs'],
  },
  {
    // The newest TypeScript, what `npm install typescript` gives today: 7, the compiler rewritten in Go, which
    // dropped what 5.x only deprecated. The same two files, the same settings, and a bundler project's DOM lib.
    name: 'ts-7',
    packageJson: { type: 'module' },
    files: {
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...tsCompilerOptions, module: 'node16', moduleResolution: 'node16', lib: ['ES2022', 'DOM'] } }),
      'index.ts': program('ts'),
      'require.cts': program('ts'),
    },
    extraDependencies: ['@types/node@22.20.5', 'typescript@7.0.2'],
    build: [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'],
    entries: ['out/index.js', 'out/require.cjs'],
  },
];

interface MockStats {
  streamsStarted: number;
  streamsCompleted: number;
  streamsAborted: number;
}

async function startMock(projectDir: string): Promise<{ url: string; process: ChildProcess }> {
  // The bin as npm linked it: checks the shebang, the executable bit and the `bin` entry of the tarball.
  const child = spawn(join(projectDir, 'node_modules', '.bin', 'groq-stream-mock'), ['--port', '0'], {
    cwd: projectDir,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`groq-stream-mock did not start: ${output}`)), 10_000);
    const onData = (data: Buffer): void => {
      output += data.toString();
      const match = /^listening on (http:\/\/\S+)\n/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (data: Buffer) => (output += data.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`groq-stream-mock exited with ${code}: ${output}`));
    });
  });
  return { url, process: child };
}

async function statsOf(url: string): Promise<MockStats> {
  return (await (await fetch(`${url}/__mock/stats`)).json()) as MockStats;
}

describe('consumers installed from the tarballs', () => {
  for (const consumer of consumers) {
    it.concurrent(
      consumer.name,
      // Concurrent tests must use their own `expect`.
      async ({ expect }) => {
        const dir = join(temp, consumer.name);
        await mkdir(dir);
        await writeFile(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${consumer.name}`, private: true, ...consumer.packageJson }));
        for (const [file, text] of Object.entries(consumer.files)) await writeFile(join(dir, file), text);
        // Six consumers install and four compile at once (each tsc checks all of @types/node, about 10 s of
        // CPU): on a 2-core CI machine that also runs the other packages' tests, one step can pass 60 s.
        await runCommand('npm', ['install', ...tarballs, ...consumer.extraDependencies, '--no-audit', '--no-fund', '--no-package-lock'], { cwd: dir, timeoutMs: 180_000 });
        if (consumer.build) {
          const [command, ...args] = consumer.build;
          await runCommand(process.execPath, [command!, ...args], { cwd: dir, timeoutMs: 180_000 });
        }

        // The other bin, linked by npm: its shebang and executable bit.
        const { stdout: usage } = await runCommand(join(dir, 'node_modules', '.bin', 'groq-stream'), ['--help'], { cwd: dir });
        expect(usage).toContain('Usage: groq-stream');

        const mock = await startMock(dir);
        try {
          for (const entry of consumer.entries) {
            await fetch(`${mock.url}/__mock/reset`, { method: 'POST' });
            const { stdout } = await runCommand(process.execPath, [entry], { cwd: dir, env: { ...childEnv, MOCK_URL: mock.url } });
            const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
              nodeText: string;
              webText: string;
              abortedAfter: number;
              mockServer: string;
            };
            expect(result.nodeText.length, entry).toBeGreaterThan(0);
            expect(result.webText, entry).toBe(result.nodeText);
            expect(result.abortedAfter, entry).toBe(3);
            expect(result.mockServer, entry).toBe('function');
            // The mock saw the abort: the stream's connection was released, not read to the end.
            await expect.poll(() => statsOf(mock.url), { timeout: 5_000 }).toMatchObject({
              streamsStarted: 3,
              streamsCompleted: 2,
              streamsAborted: 1,
            });
          }
        } finally {
          mock.process.kill('SIGTERM');
        }
      },
      // 30 to 35 s for the TypeScript consumers beside one busy CPU; a whole-repo CI run slows them several times.
      300_000,
    );
  }
});
