// Setup a: @groq-stream/node's Groq on its default node:http transport, against the mock.
import { soakClient } from './soak-client.mjs';
import { importPackage } from './workspace.mjs';

const { Groq } = await importPackage('@groq-stream/node');
await soakClient('a-node-client', Groq);
