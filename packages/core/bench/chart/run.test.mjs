import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { README_END, README_START } from './update-readme.mjs';

const script = fileURLToPath(new URL('./run.mjs', import.meta.url));
let directory;
afterEach(() => rmSync(directory, { recursive: true, force: true }));

/** Runs the script; resolves to its exit code and stderr. */
function run(args) {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], (error, _stdout, stderr) => resolve({ code: error ? error.code : 0, stderr }));
  });
}

// The root README tells readers to run it to draw the chart again; in a fresh clone, where the results are
// git-ignored, it replaced the committed chart with an empty one and the README's line with "No benchmark
// results yet", and exited 0.
it('writes nothing, and fails saying to run pnpm bench, when there are no results at all', async () => {
  directory = mkdtempSync(join(tmpdir(), 'bench-chart-'));
  const readme = join(directory, 'README.md');
  const text = `# Title\n\n${README_START}\nMeasured 2026-12-05 on a machine.\n${README_END}\n`;
  writeFileSync(readme, text);
  const chart = join(directory, 'chart.svg');

  const { code, stderr } = await run([`--results-root=${directory}`, `--out=${chart}`, `--readme=${readme}`]);

  expect(code).toBe(1);
  expect(stderr).toMatch(/no benchmark results .*: run pnpm bench first\./);
  expect(existsSync(chart)).toBe(false);
  expect(readFileSync(readme, 'utf8')).toBe(text);
});
