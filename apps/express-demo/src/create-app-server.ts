import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';

/**
 * The HTTP server for an Express app, whose requests and responses are born with the prototypes Express
 * gives them (`app.request`, `app.response`), so that Express has none to change.
 *
 * Why: Express moves each request and response to its own prototype (`Object.setPrototypeOf`), and V8 then
 * gives every one of them a hidden class of its own as soon as a property is added (`res.locals`,
 * `req.next`). Each costs about 1 KB more per open stream, and the code that touches them, Node's
 * `res.write` for every chunk included, can no longer reuse what it learned from the last response. In this
 * demo's benchmark (500 streams), the relay spent about 15% less CPU per chunk and kept 2 KiB less heap per
 * stream this way (BENCHMARKS.md).
 *
 * `app.request` and `app.response` become the prototypes of two subclasses (Node's documented
 * `IncomingMessage` / `ServerResponse` server options) holding what they held; what is added to them later
 * still reaches every request, a mounted sub-app's too. A sub-app mounted with `app.use` moves requests to
 * its own prototypes as before, which works, only without this gain.
 */
export function createAppServer(app: Express): Server {
  class AppRequest extends IncomingMessage {}
  class AppResponse extends ServerResponse {}
  adoptPrototype(app, 'request', AppRequest.prototype);
  adoptPrototype(app, 'response', AppResponse.prototype);
  return createServer({ IncomingMessage: AppRequest, ServerResponse: AppResponse }, app);
}

/** Makes `prototype` what `app[key]` was (the same parent, the same own properties) and puts it in its place. */
function adoptPrototype(app: Express, key: 'request' | 'response', prototype: object): void {
  const current: object = app[key];
  // All but `constructor`, which is the new class's (it is the old one's when an app gets a second server).
  const { constructor: _, ...properties } = Object.getOwnPropertyDescriptors(current);
  Object.setPrototypeOf(prototype, Object.getPrototypeOf(current));
  Object.defineProperties(prototype, properties);
  (app as unknown as Record<typeof key, object>)[key] = prototype;
  // A sub-app mounted already inherits from the old object, which Express's mount made its prototype's
  // parent: emptied and put in front of the new one, it passes on what the app adds from now on.
  for (const name of Reflect.ownKeys(properties)) Reflect.deleteProperty(current, name);
  Object.setPrototypeOf(current, prototype);
}
