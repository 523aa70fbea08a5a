/**
 * Notes the fields of `value` that are not in `known`, the latest value of each: fields a merge does not
 * read (a newer API field, a proxy's own) must still reach the merged result, as the JSON of a whole
 * answer would carry them. A later `null` or `undefined` does not undo a value sent before, as `usage: null`
 * on early chunks does not undo the usage. Kept in a map, not an object, so that a key named `__proto__`
 * stays a key.
 */
export function noteExtraFields(fields: Map<string, unknown>, value: object, known: ReadonlySet<string>): void {
  // `for…in`, not `Object.keys`: no list made for each chunk, choice and delta. A parsed chunk has only its own fields.
  for (const key in value) {
    if (known.has(key) || !Object.prototype.hasOwnProperty.call(value, key)) continue;
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined || (field === null && fields.has(key))) continue;
    fields.set(key, field);
  }
}

/**
 * The noted fields as an object, to spread before the fields the merge sets. `Object.fromEntries` and
 * spreading define properties rather than assign them, so `__proto__` becomes a field, not a prototype.
 */
export function extraFieldsOf(fields: Map<string, unknown>): Record<string, unknown> {
  return fields.size === 0 ? {} : Object.fromEntries(fields);
}
