// The bytes each benchmark reads, built once before any timing, and what reading them must give.
import { createHash } from 'node:crypto';
import { createChunkTranscript, encodeSSETranscript } from '../dist/test/index.js';

/** Count, total content length (UTF-16 units) and SHA-256 of the joined `delta.content` of chunks. */
export function describeChunks(chunks) {
  const hash = createHash('sha256');
  let contentLength = 0;
  for (const chunk of chunks) {
    const content = chunk.choices[0]?.delta?.content;
    if (content) {
      contentLength += content.length;
      hash.update(content);
    }
  }
  return { count: chunks.length, contentLength, contentSha256: hash.digest('hex') };
}

/** A Groq transcript of `chunks` chunks as SSE bytes. */
export function createTranscriptFixture({ chunks, seed }) {
  const transcript = createChunkTranscript({ chunks, seed });
  return { bytes: encodeSSETranscript(transcript), expected: describeChunks(transcript) };
}

/**
 * One huge event: a first chunk, one content chunk whose content is about `contentBytes` bytes of
 * UTF-8 (the usual mix of scripts and escapes), the last chunk, and `[DONE]`.
 */
export function createBigEventFixture({ contentBytes, seed }) {
  const sample = createChunkTranscript({ chunks: 2000, seed });
  const text = sample.slice(1, -1).map((chunk) => chunk.choices[0].delta.content).join('');
  const textBytes = new TextEncoder().encode(text).length;
  const content = text.repeat(Math.ceil(contentBytes / textBytes));
  const big = structuredClone(sample[1]);
  big.choices[0].delta.content = content;
  const transcript = [sample[0], big, sample.at(-1)];
  const bytes = encodeSSETranscript(transcript);
  return { bytes, eventBytes: new TextEncoder().encode(`data: ${JSON.stringify(big)}\n\n`).length, expected: describeChunks(transcript) };
}
