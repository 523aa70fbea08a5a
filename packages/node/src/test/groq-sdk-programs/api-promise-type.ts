import Groq, { APIPromise } from 'groq-sdk';
import type { ChatCompletion, ChatCompletionChunk } from 'groq-sdk/resources/chat/completions';
import type { Stream } from 'groq-sdk/core/streaming';
const groq = new Groq();
export const p: APIPromise<ChatCompletion> = groq.chat.completions.create({ model: 'm', messages: [] });
export const q: APIPromise<Stream<ChatCompletionChunk>> = groq.chat.completions.create({ model: 'm', messages: [], stream: true });
export async function f(): Promise<Stream<ChatCompletionChunk>> { return q; }
export function isStream(x: unknown): x is Stream<ChatCompletionChunk> { return typeof x === 'object' && x !== null && 'controller' in x; }
export async function g() { const s = await q; const ctl: AbortController = s.controller; const [a, b]: [Stream<ChatCompletionChunk>, Stream<ChatCompletionChunk>] = s.tee(); return [ctl, a, b]; }
