// Bun and Deno: the built @groq-stream/web (dist/index.js), imported by relative path; its own
// `@groq-stream/core` import resolves from packages/web/node_modules (or an import map for Deno).
// usage: bun smoke-web.mjs <mockURL> | deno run ... smoke-web.mjs <mockURL>
import { Groq, APIUserAbortError } from '../../packages/web/dist/index.js';
import { runSmoke } from './smoke-lib.mjs';

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const runtime = globalThis.Deno ? `deno ${Deno.version.deno}` : globalThis.Bun ? `bun ${Bun.version}` : `node ${process.version}`;
const result = await runSmoke({ Groq, APIUserAbortError, baseURL: args[0] });
console.log(`RESULT ${JSON.stringify({ runtime, ...result })}`);
