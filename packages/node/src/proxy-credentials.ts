/**
 * What a proxy URL's credentials may be quoted as, for core to redact by value: the password and `user:password`,
 * percent-decoded as undici decodes them before it sends them (`p%40ss` is `p@ss`; core also looks for each
 * percent-encoded); and the pair in base64 of its UTF-8, which undici's `Proxy-Authorization: Basic` carries (core's own
 * base64 form is of Latin-1 only). Only `//user:password@` in a URL was redacted before, so a proxy (or a gateway
 * behind it) that quotes them showed the password. The user alone is no secret. Nothing for a URL without a
 * password (undici then sends no credentials) or one that does not parse (undici refuses it).
 */
export function proxyCredentials(proxyURL: string): string[] {
  let url: URL;
  try {
    url = new URL(proxyURL);
  } catch {
    return [];
  }
  if (url.password === '') return [];
  const user = percentDecoded(url.username);
  const password = percentDecoded(url.password);
  const pair = `${user}:${password}`;
  return [password, pair, Buffer.from(pair).toString('base64')];
}

function percentDecoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a lone % is not an encoding
  }
}
