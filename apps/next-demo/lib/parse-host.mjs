// Plain JavaScript, with its types in parse-host.d.mts, because scripts/start.mjs (run by Node without a
// TypeScript step) checks ALLOWED_HOSTS with it before Next.js starts, and the routes match Host with it.

// A Host header, or an entry of ALLOWED_HOSTS: a name or IPv4 address, or an IPv6 address in brackets, then
// maybe a port. Nothing else (user info, a path, a trailing dot, two hosts) names a host the demo serves.
const hostPattern = /^(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?$/i;

export function parseHost(value) {
  const match = hostPattern.exec(value);
  return match === null ? undefined : { name: match[1].toLowerCase(), port: match[2] };
}

export function splitAllowedHosts(value) {
  return (value ?? '').split(/[\s,]+/).filter((entry) => entry !== '');
}

export function allowedHostsProblem(value) {
  const entry = splitAllowedHosts(value).find((candidate) => parseHost(candidate) === undefined);
  if (entry === undefined) return undefined;
  return `must list host names, separated by commas, such as "demo.example" or "demo.example:3001" (an IPv6 address in brackets); ${JSON.stringify(entry)} is not one.`;
}
