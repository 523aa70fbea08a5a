import type { ServerOptions } from 'node:http';

// The connection limits that the README promises. Node's defaults are these today, but they are Node's to
// change (Node 26 keeps idle connections 65 s), and a client's pool depends on them: one that keeps idle
// connections longer than the server must expect them to be closed under it. So they are set, not inherited.
// `respondToClientError` names them in the 408's message.
/** The mock's HTTP server limits, passed to `createServer`. */
export const connectionLimits = {
  /** How long a connection may stay idle after an answer, advertised in every answer as `Keep-Alive: timeout=5`. */
  keepAliveTimeout: 5_000,
  /**
   * How much longer than advertised Node waits before it closes an idle connection, so that a client that
   * honours `timeout=5` closes first: 1 s, as Node before 24.6 has it fixed (it ignores this option) and later ones by default.
   */
  keepAliveTimeoutBuffer: 1_000,
  /** A request whose headers are not complete this long after its first byte gets a 408 (a connection that sends nothing: after it opened). */
  headersTimeout: 60_000,
  /** A request not complete, body included, this long after its first byte gets a 408. Node requires it not below the headers timeout. */
  requestTimeout: 300_000,
  /**
   * How often Node looks for requests over those two limits: the 408 comes at the first look after the limit.
   * Node's default, 30 s, would make "60 s" anything up to 90 s.
   */
  connectionsCheckingInterval: 1_000,
} as const satisfies ServerOptions;
