import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFlags } from './start-flags.mjs';

const packageJson = (scripts) => {
  const file = join(mkdtempSync(join(tmpdir(), 'start-flags-')), 'package.json');
  writeFileSync(file, JSON.stringify({ name: 'x', scripts }));
  return file;
};

describe('startFlags', () => {
  it("gives the start script's Node flags, in order", () => {
    expect(startFlags(packageJson({ start: 'node --min-semi-space-size=8 --max-semi-space-size=8 dist/server.js', demo: 'node --inspect dist/server.js' }))).toEqual([
      '--min-semi-space-size=8',
      '--max-semi-space-size=8',
    ]);
  });

  it('gives none for a start script without flags', () => {
    expect(startFlags(packageJson({ start: 'node dist/server.js' }))).toEqual([]);
  });

  it('fails, naming the file, when there is no start script', () => {
    const file = packageJson({ demo: 'node dist/server.js' });
    expect(() => startFlags(file)).toThrow(`${file} has no start script`);
  });

  it("reads this app's own start script", () => {
    expect(startFlags(new URL('../package.json', import.meta.url))).toContain('--max-semi-space-size=8');
  });
});
