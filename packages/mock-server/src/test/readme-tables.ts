import { readFileSync } from 'node:fs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The README's section under `## heading`, to the next `## ` (its `###` subsections included). */
export function readmeSection(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`The README has no section "## ${heading}".`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

/**
 * The rows of the tables in the README section under `## heading`, each as its cells keyed by the table's
 * header: what a reader relies on, for tests that tie it to the code.
 */
export function readmeTableRows(heading: string): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  let header: string[] | undefined;
  for (const line of readmeSection(heading).split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    // A `|` inside a cell is written `\|`.
    const cells = line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim());
    if (header === undefined) header = cells;
    else if (!cells.every((cell) => /^:?-*:?$/.test(cell))) rows.push(Object.fromEntries(header.map((name, column) => [name, cells[column] ?? ''])));
  }
  return rows;
}

/** The names in backticks in `cell`, without what follows a space or colon in them (`--port <n>` gives `--port`). */
export function codeNames(cell: string): string[] {
  return [...cell.matchAll(/`([^`\s:]+)[^`]*`/g)].map((match) => match[1]!);
}
