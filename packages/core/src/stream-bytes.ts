/**
 * One chunk of the byte streams this package makes (`toReadableStream()`, `toSSEReadableStream()`, the
 * test helpers' transcripts): a `Uint8Array` over an `ArrayBuffer` of its own. From TypeScript 5.7 that is
 * `Uint8Array<ArrayBuffer>`, the type `new Response(bytes)` (with the DOM lib), `Blob`, `crypto.subtle` and
 * `CompressionStream` take, which a bare `Uint8Array` (any buffer, a shared one included) is not.
 */
// Written as what `slice()` returns rather than as `Uint8Array<ArrayBuffer>`, so that the declarations still
// compile with TypeScript before 5.7, whose typed arrays are not generic (there it is a plain `Uint8Array`).
export type StreamBytes = ReturnType<Uint8Array['slice']>;
