// A property's JSON Schema under a credential's name (`"password": {"type": "string", "description": "…"}`), as a
// tool's parameters or a response_format that a 400 echoes hold it, describes a value and holds none: hidden whole as
// if it were the password, it took with it what the error said was wrong. Only JSON Schema's words that describe
// (a type, words, bounds, flags) make one, with a type of JSON Schema's; `default` only when null. A word that holds
// a value of the property (`default`, `const`, `enum`, `examples`), a nested schema, or any other name, and it is
// taken for what it holds, and hidden whole as before.
const describingWords = new Set([
  'type',
  'title',
  'description',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'nullable',
  'deprecated',
  'readOnly',
  'writeOnly',
  '$comment',
  'contentEncoding',
  'contentMediaType',
  'default',
]);
const schemaType = /^(?:string|number|integer|boolean|object|array|null)$/;
const scalarTypes = new Set(['string', 'number', 'boolean']);

/** Whether an object's fields (its names, with their values as parsed) are only a property's schema (see describingWords). */
export function isPropertySchema(fields: readonly (readonly [string, unknown])[]): boolean {
  let typed = false;
  for (const [name, value] of fields) {
    if (!describingWords.has(name)) return false;
    if (name === 'type') {
      const types: unknown[] = Array.isArray(value) ? value : [value];
      if (types.length === 0 || !types.every((type) => typeof type === 'string' && schemaType.test(type))) return false;
      typed = true;
    } else if (name === 'default' ? value !== null : !scalarTypes.has(typeof value)) return false;
  }
  return typed;
}

// The object as text: JSON (also pretty, and quoted in a JSON string, its quotes escaped and its line breaks `\n`)
// and util.inspect's (names bare, strings in single quotes). Read with sticky patterns, each character once, and only
// inside the object's brackets: what redaction costs stays linear.
const space = String.raw`(?:\s|\\[nrt])*`;
const escapedString = String.raw`\\"(?:[^\\"\r\n]|\\\\\\\\|\\\\\\"|\\\\[^\\"]|\\[^\\"])*\\"`;
const stringToken = String.raw`"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*'|${escapedString}`;
const nameToken = String.raw`"([\w$]+)"|'([\w$]+)'|\\"([\w$]+)\\"|([a-z_$][\w$]*)`;
const valueToken = String.raw`${stringToken}|-?\d[\d.e+-]*|true|false|null|\[${space}(?:(?:${stringToken})${space}(?:,${space})?)*\]`;
const field = new RegExp(String.raw`${space}(?:${nameToken})${space}:${space}(${valueToken})${space}(?:,|$)`, 'iy');
const rest = new RegExp(String.raw`${space}$`, 'y');
const listString = new RegExp(stringToken, 'g');

/** Whether the object from `start` (its `{`) to `end` (after its `}`) in `text` is only a property's schema. */
export function isPropertySchemaText(text: string, start: number, end: number): boolean {
  if (text[end - 1] !== '}') return false;
  const body = text.slice(start + 1, end - 1);
  const fields: [string, unknown][] = [];
  field.lastIndex = 0;
  for (;;) {
    rest.lastIndex = field.lastIndex;
    if (rest.test(body)) break;
    const found = field.exec(body);
    if (found === null) return false;
    const [, quoted, singleQuoted, escaped, bare, value] = found;
    fields.push([(quoted ?? singleQuoted ?? escaped ?? bare)!, parsed(value!)]);
  }
  return isPropertySchema(fields);
}

/** A value as text, as far as a schema's check needs it: a string's or a list's strings' contents, a number, a literal. */
function parsed(value: string): unknown {
  if (value.startsWith('[')) return Array.from(value.matchAll(listString), ([item]) => unquoted(item));
  if (/^["'\\]/.test(value)) return unquoted(value);
  if (/^(?:true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (/^null$/i.test(value)) return null;
  return Number(value);
}

const unquoted = (item: string): string => (item.startsWith('\\') ? item.slice(2, -2) : item.slice(1, -1));
