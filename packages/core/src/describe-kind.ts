/** What kind of value `value` is, in a few words that never quote it (it may be a secret): `a Map`, `a string`. */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const name: unknown = Object.getPrototypeOf(value)?.constructor?.name;
    return typeof name === 'string' && name !== '' && name !== 'Object' ? withArticle(name) : 'an object';
  }
  return typeof value === 'undefined' ? 'undefined' : withArticle(typeof value);
}

function withArticle(noun: string): string {
  // Not by "u": a URL, a Uint8Array.
  return `${/^[aeio]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
