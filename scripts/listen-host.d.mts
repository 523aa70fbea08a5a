/**
 * `text` (a variable's value, its blanks already dropped) as an address or a host name to listen on: an IP
 * address (IPv6 without brackets) or a name, with no port.
 *
 * @throws {RangeError} naming `name`, what it must be and `text`:
 *   `HOST must be an address or a host name to listen on, such as 127.0.0.1, 0.0.0.0 or :: (without a port or brackets); got "my laptop".`
 */
export function parseListenHost(text: string, name: string): string;
