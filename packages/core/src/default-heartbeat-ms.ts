// A module of its own, not sse-frames.ts: the relays' encoders (loaded with `import()`) read it, and esbuild
// puts up front, for a page that uses it only through `import()`, a module the page reaches through static
// imports (the index) and what that module imports: sse-frames.ts would bring relay-frames.ts with it.
/** Default interval of heartbeat comments on relayed streams, in milliseconds. */
export const defaultHeartbeatMs = 15_000;
