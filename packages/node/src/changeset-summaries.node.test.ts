/**
 * The pending changesets, read as `changeset version` will write them into each package's CHANGELOG.md: the
 * default changelog puts `- <commit>: ` before a summary's first line and indents the rest under it, and npm
 * and GitHub render the result. `release.node.test.ts` checks that every change gets an entry; this checks
 * that the entries read as written, without running the release (a quick check on the files alone).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const changesetDir = fileURLToPath(new URL('../../../.changeset/', import.meta.url));
const publicPackages = ['@groq-stream/core', '@groq-stream/node', '@groq-stream/web', '@groq-stream/mock-server'];

interface Changeset {
  file: string;
  releases: [name: string, bump: string][];
  summary: string;
}

async function pendingChangesets(): Promise<Changeset[]> {
  const changesets: Changeset[] = [];
  for (const file of (await readdir(changesetDir)).filter((name) => name.endsWith('.md') && name !== 'README.md')) {
    const text = await readFile(join(changesetDir, file), 'utf8');
    const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
    const releases = (match?.[1] ?? '').split('\n').map((line) => {
      const release = /^\s*(['"])(.+)\1\s*:\s*(\S+)\s*$/.exec(line);
      return [release?.[2] ?? line, release?.[3] ?? ''] as [string, string];
    });
    changesets.push({ file, releases, summary: (match?.[2] ?? '').trim() });
  }
  return changesets;
}

/** The summary without code: fenced blocks and code spans of any number of backticks. */
function withoutCode(summary: string): string {
  return summary.replace(/^```[\s\S]*?^```/gm, '').replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
}

describe('pending changesets', () => {
  it('each name a public package with patch, minor or major', async () => {
    for (const { file, releases } of await pendingChangesets()) {
      expect(releases.length, file).toBeGreaterThan(0);
      for (const [name, bump] of releases) {
        expect(publicPackages, `${file}: ${name}`).toContain(name);
        expect(['patch', 'minor', 'major'], `${file}: ${name}`).toContain(bump);
      }
    }
  });

  // After `- <commit>: `, a list's first item became text of the entry and the rest a list nested under it.
  it('begin with a sentence, not a list, a heading or code', async () => {
    for (const { file, summary } of await pendingChangesets()) {
      expect(summary, file).not.toBe('');
      expect(summary.split('\n')[0], file).not.toMatch(/^\s*([-*+]\s|\d+[.)]\s|#|```|>)/);
    }
  });

  // A backslash does not escape a backtick inside a code span: `\`x\`` is three spans and stray backticks.
  // Quote text holding backticks with a longer run: `` `x` ``.
  it('escape no backtick with a backslash', async () => {
    for (const { file, summary } of await pendingChangesets()) expect(summary, file).not.toContain('\\`');
  });

  // Outside code, `<host>` is an HTML tag to npm and GitHub, which drop it: the sentence loses the word.
  it('write no <word> outside code', async () => {
    for (const { file, summary } of await pendingChangesets()) expect(withoutCode(summary), file).not.toMatch(/<\/?[A-Za-z][^>\s]*>/);
  });
});
