/**
 * The release path, rehearsed: what `pnpm changeset version` and `pnpm release` would do, run on a copy of
 * the workspace so that this repository is left untouched.
 *
 * The copy holds the files git tracks (manifests, `.changeset/`, READMEs, ...) plus each package's built
 * `dist/`, installed offline from pnpm's store. In it, `changeset version` applies the pending
 * changesets: every public package gets a CHANGELOG.md naming each change and a bumped version, and the
 * internal dependencies follow. Then `pnpm publish -r --dry-run` runs over the bumped workspace (it packs
 * and validates each package, uploading nothing), and each package is packed to check that the
 * `workspace:` ranges became the bumped versions.
 *
 * Needs every package built first (turbo's `test` depends on `build`).
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from './test/run-command.js';

const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const publicPackages = ['core', 'node', 'web', 'mock-server'] as const;

/** Runs a command in `cwd` (given two minutes unless told), resolving to everything it printed. */
async function run(command: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<string> {
  const { stdout, stderr } = await runCommand(command, args, { cwd, timeoutMs });
  return `${stdout}\n${stderr}`;
}

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  publishConfig?: { access?: string };
}

async function readManifest(path: string): Promise<Manifest> {
  return JSON.parse(await readFile(path, 'utf8')) as Manifest;
}

/** The summaries of the pending changesets in the copy that name `packageName`, as `changeset version` sees them. */
async function pendingSummaries(packageName: string): Promise<string[]> {
  const dir = join(copy, '.changeset');
  const summaries: string[] = [];
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.md') && name !== 'README.md')) {
    const text = await readFile(join(dir, file), 'utf8');
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    if (match?.[1]?.includes(`'${packageName}'`) || match?.[1]?.includes(`"${packageName}"`)) {
      summaries.push(match[2]!.trim());
    }
  }
  return summaries;
}

let copy: string;
let before: Map<string, Manifest>;
let pending: Map<string, string[]>;
let publishOutput: string;

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'groq-stream-release-'));
  const tracked = (await run('git', ['ls-files', '-z'], workspaceRoot)).split('\0').map((line) => line.trim()).filter(Boolean);
  for (const file of tracked) {
    await mkdir(dirname(join(copy, file)), { recursive: true });
    await cp(join(workspaceRoot, file), join(copy, file));
  }
  for (const name of publicPackages) {
    await cp(join(workspaceRoot, 'packages', name, 'dist'), join(copy, 'packages', name, 'dist'), { recursive: true });
  }
  // Linked from pnpm's store (no download): `pnpm publish` resolves `workspace:` ranges from what is installed.
  await run('pnpm', ['install', '--offline', '--frozen-lockfile', '--ignore-scripts'], copy);

  before = new Map();
  pending = new Map();
  for (const name of publicPackages) {
    const manifest = await readManifest(join(copy, 'packages', name, 'package.json'));
    before.set(name, manifest);
    pending.set(name, await pendingSummaries(manifest.name));
  }

  // `git init` so that changesets, which asks git about the changed files, works in the copy too.
  await run('git', ['init', '-q'], copy);
  // `changeset version` looks up the commit that added each pending changeset with a `git log` of its own, all
  // at once, and in this commitless copy once more by the legacy path: 878 processes for 439 changesets, about
  // 100 s beside the other suites on 2 cores, where it was killed at 2 minutes. The work grows with the
  // changesets pending until a release; a hung step still fails, at its own limit.
  await run(join(workspaceRoot, 'node_modules', '.bin', 'changeset'), ['version'], copy, 360_000);
  publishOutput = await run('pnpm', ['publish', '-r', '--dry-run', '--no-git-checks'], copy);
  // The whole hook took 240 s in such a run, just inside its former limit; this one leaves the version step
  // its room.
}, 600_000);

afterAll(async () => {
  if (copy !== undefined) await rm(copy, { recursive: true, force: true });
});

describe('changeset version', () => {
  // Right after a release nothing is pending; then `changeset version` must leave that package alone.
  it.each(publicPackages)('writes a CHANGELOG for %s that names every pending change', async (name) => {
    const manifest = await readManifest(join(copy, 'packages', name, 'package.json'));
    const summaries = pending.get(name)!;
    if (summaries.length === 0) {
      expect(manifest.version).toBe(before.get(name)!.version);
      return;
    }
    const changelog = await readFile(join(copy, 'packages', name, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain(`# ${manifest.name}`);
    expect(changelog).toContain(`## ${manifest.version}`);
    for (const summary of summaries) expect(changelog).toContain(summary.split('\n')[0]);
  });

  it.each(publicPackages)('bumps the version of %s exactly when a change is pending', async (name) => {
    const manifest = await readManifest(join(copy, 'packages', name, 'package.json'));
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.version !== before.get(name)!.version).toBe(pending.get(name)!.length > 0);
  });

  it('consumes the changesets', async () => {
    const left = (await readdir(join(copy, '.changeset'))).filter((file) => file.endsWith('.md') && file !== 'README.md');
    expect(left).toEqual([]);
  });
});

describe('pnpm publish -r --dry-run', () => {
  it.each(publicPackages)('would publish %s at its new version', async (name) => {
    const manifest = await readManifest(join(copy, 'packages', name, 'package.json'));
    expect(publishOutput).toContain(`+ ${manifest.name}@${manifest.version}`);
  });

  // A scoped package's first publish is restricted unless it says otherwise: changeset publish passes the
  // config's access, a plain `pnpm publish` or `npm publish` from the package reads only its manifest.
  it.each(publicPackages)('publishes %s as public whichever command publishes it', async (name) => {
    const manifest = await readManifest(join(copy, 'packages', name, 'package.json'));
    expect(manifest.publishConfig?.access).toBe('public');
  });

  it('publishes no private package', () => {
    expect(publishOutput).not.toMatch(/\+ @groq-stream\/(express|next)-demo@/);
  });

  // npm and pnpm pack a CHANGELOG only when `files` names it: without it, the notes `changeset version`
  // wrote would stay in the repository and never reach node_modules.
  it.each(publicPackages)('ships the CHANGELOG that changeset version wrote in the tarball of %s', async (name) => {
    if (pending.get(name)!.length === 0) return;
    const tarballs = await mkdtemp(join(copy, `changelog-${name}-`));
    await run('pnpm', ['pack', '--pack-destination', tarballs], join(copy, 'packages', name));
    const [tarball] = await readdir(tarballs);
    const listing = await run('tar', ['-tzf', join(tarballs, tarball!)], copy);
    expect(listing.split('\n').map((line) => line.trim())).toContain('package/CHANGELOG.md');
  });

  it('turns workspace: ranges into the released versions in the tarballs', async () => {
    const tarballs = join(copy, 'tarballs');
    await mkdir(tarballs);
    const versions = new Map<string, string>();
    for (const name of publicPackages) {
      const manifest = await readManifest(join(copy, 'packages', name, 'package.json'));
      versions.set(manifest.name, manifest.version);
    }
    for (const name of ['node', 'web'] as const) {
      await run('pnpm', ['pack', '--pack-destination', tarballs], join(copy, 'packages', name));
    }
    for (const file of await readdir(tarballs)) {
      const manifestText = await run('tar', ['-xOzf', join(tarballs, file), 'package/package.json'], copy);
      const manifest = JSON.parse(manifestText.trim()) as Manifest;
      expect(manifestText, file).not.toContain('workspace:');
      for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
        const released = versions.get(dependency);
        if (released !== undefined) expect(range, `${file}: ${dependency}`).toBe(`^${released}`);
      }
    }
  });
});
