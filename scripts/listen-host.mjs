// HOST, the address a demo listens on, read as both demos read it before anything starts (the Express demo's
// read-demo-settings.ts, the Next demo's scripts/start.mjs): one check and one message for both.
import { isIP } from 'node:net';

// A host name as a resolver takes one: labels of letters, digits and inner hyphens, the last not all digits (an
// address that isIP refused, such as 300.1.1.1 or 1.2.3, is no name either). Looser, listen() failed on them with
// ENOTFOUND, once an embedded mock had started.
const hostName = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*(?=[a-z0-9-]*[a-z])[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * `text` (a variable's value, its blanks already dropped) as an address or a host name to listen on: an IP
 * address (an IPv6 one without brackets, as `server.listen` and `next start --hostname` take it) or a name.
 * A URL, a name with a space, a port or brackets fails only once listening (ENOTFOUND), after an embedded mock
 * server has started; refused here, before it.
 *
 * @param {string} text
 * @param {string} name the variable, for the message: `HOST`
 * @returns {string} `text`
 * @throws {RangeError} naming `name`, what it must be and `text`:
 *   `HOST must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got "my laptop".`
 */
export function parseListenHost(text, name) {
  if (isIP(text) !== 0 || hostName.test(text)) return text;
  throw new RangeError(`${name} must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got ${JSON.stringify(text)}.`);
}
