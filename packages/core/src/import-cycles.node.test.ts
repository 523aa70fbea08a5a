import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The ESM build keeps one file per module (tsup.config.ts), so the imports between source files are the ones
// an app's bundler sees. Rollup warns about every cycle among them ("(!) Circular dependency
// node_modules/@groq-stream/core/dist/stream.js -> ..."), on every build of every app; and a cycle makes the
// order modules run in depend on which one an app imports first.
const src = dirname(fileURLToPath(import.meta.url));

/** The modules that `file` imports at run time: relative `import`/`export ... from`, less `import type`. */
function runtimeImports(file: string): string[] {
  const code = readFileSync(join(src, file), 'utf8');
  const imports: string[] = [];
  for (const match of code.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']+)\.js';/gms)) {
    if (match[1] === undefined) imports.push(normalize(join(dirname(file), `${match[2]}.ts`)));
  }
  return imports;
}

/** Each cycle, as the modules along it, found by a depth-first walk of the graph. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (file: string, path: string[]): void => {
    state.set(file, 'open');
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), file, next]);
      else if (!state.has(next)) visit(next, [...path, file]);
    }
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file, []);
  return found;
}

describe('imports between modules', () => {
  const files = readdirSync(src, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(file) && !file.startsWith('test'));
  const graph = new Map(files.map((file) => [file, runtimeImports(file)]));

  it('finds the imports it looks for', () => {
    expect(graph.get('index.ts')).toContain('stream.ts');
    expect(graph.get('stream.ts')).toContain('stream-from-sse-response.ts');
    // `import type` is gone from the JavaScript, so it makes no cycle.
    expect(graph.get('chat-completions.ts')).not.toContain('groq.ts');
  });

  it('form no cycle', () => {
    expect(cycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
