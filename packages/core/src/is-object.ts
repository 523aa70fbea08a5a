/** Whether `value` is an object (arrays included), not `null` or a primitive: what server JSON may be read into. */
export function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Whether `value` is a JSON object: not `null`, a primitive or a list. */
export function isRecord(value: unknown): value is object {
  return isObject(value) && !Array.isArray(value);
}

/** Whether `value` is a list whose every item is an object, as `choices` and `tool_calls` must be. */
export function isListOfObjects(value: unknown): value is object[] {
  return Array.isArray(value) && value.every(isObject);
}
