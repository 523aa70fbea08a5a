// Setup b: @groq-stream/web's Groq on the runtime's fetch (Node's undici), against the mock.
import { soakClient } from './soak-client.mjs';
import { importPackage } from './workspace.mjs';

const { Groq } = await importPackage('@groq-stream/web');
await soakClient('b-web-client', Groq);
