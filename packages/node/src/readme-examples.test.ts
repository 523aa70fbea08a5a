import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

// The TypeScript examples of every README are compiled as they are written, so a renamed export or a
// changed signature breaks this test instead of a reader's first try. They compile from inside this
// package, where @groq-stream/node, @groq-stream/web, @groq-stream/mock-server and groq-sdk all resolve.
const repository = fileURLToPath(new URL('../../../', import.meta.url));
const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const workDirectory = `${packageRoot}.readme-examples/`;
const readmes = ['README.md', 'packages/core/README.md', 'packages/node/README.md', 'packages/web/README.md', 'packages/mock-server/README.md'];

afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

// What a package's README must cover, so that an edit cannot drop a section unnoticed (one once did).
const clientSections = ['Install', 'Shortest example', 'Options', 'Error handling', 'Cancelling', 'Relaying to a browser', 'Migrating from groq-sdk'];
const requiredSections: Record<string, string[]> = {
  'packages/core/README.md': clientSections,
  'packages/node/README.md': [...clientSections, 'The `groq-stream` command'],
  'packages/web/README.md': clientSections,
  'packages/mock-server/README.md': ['Install', 'Shortest example', 'In a test', 'From the command line', 'API'],
};

test.each(Object.entries(requiredSections))('%s keeps its required sections', (readme, sections) => {
  const headings = [...readFileSync(repository + readme, 'utf8').matchAll(/^## (.+)$/gm)].map((match) => match[1]);
  for (const section of sections) expect(headings, `${readme} lacks "## ${section}"`).toContain(section);
});

test('every TypeScript example in the READMEs type-checks', () => {
  rmSync(workDirectory, { recursive: true, force: true });
  mkdirSync(workDirectory, { recursive: true });
  let count = 0;
  for (const readme of readmes) {
    const text = readFileSync(repository + readme, 'utf8');
    for (const match of text.matchAll(/```ts\n([\s\S]*?)```/g)) {
      count += 1;
      // Each example is its own module, as a reader would paste it into a file.
      writeFileSync(`${workDirectory}example-${count}.ts`, `// ${readme}\n${match[1]}\nexport {};\n`);
    }
  }
  expect(count).toBeGreaterThanOrEqual(15);
  writeFileSync(
    `${workDirectory}tsconfig.json`,
    JSON.stringify({
      extends: '../../../tsconfig.base.json',
      compilerOptions: { noEmit: true, types: ['node'], lib: ['ES2022', 'DOM', 'DOM.Iterable'] },
      include: ['*.ts'],
    }),
  );
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', `${workDirectory}tsconfig.json`], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  expect(output).toBe('');
}, 60_000);
