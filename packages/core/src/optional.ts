/** `{ [name]: value }`, or nothing for `undefined`: a field the completion has only when it came. */
export function optional<Name extends string, Value>(name: Name, value: Value | undefined): { [Field in Name]?: Value } {
  return value === undefined ? {} : ({ [name]: value } as { [Field in Name]?: Value });
}
