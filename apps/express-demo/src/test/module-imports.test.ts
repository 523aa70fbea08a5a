import { describe, expect, test } from 'vitest';
import { moduleImports } from './module-imports.js';

describe('moduleImports', () => {
  test('finds imports, re-exports and import() calls, minified or not', () => {
    expect(moduleImports(`import{a as b}from"./a.js";import c from '@groq-stream/web';export*from"./d.js";export{e}from'./e.js';const f=await import("./f.js");import"./g.js";`)).toEqual([
      '"./a.js"',
      "'@groq-stream/web'",
      '"./d.js"',
      "'./e.js'",
      '"./f.js"',
      '"./g.js"',
    ]);
  });

  test('finds none in a bundle whose strings hold "from" and "import(" as words', () => {
    expect(moduleImports(`var w=o?" this one was passed on from":"",x='import(x)',y=\`from "\${w}"\`;export{w as default};`)).toEqual([]);
  });
});
