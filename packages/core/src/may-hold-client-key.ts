import { groqPrefixWith, rememberedForms, separatorClass, type redactKnownKeys, type redactSecrets } from './redact-secrets.js';

// Not in redact-secrets.ts: only the relays (loaded with `import()`) check chunks so, and esbuild puts a module's
// code that any code uses up front with every page that imports the module, as every page imports that one.

/** The remembered secrets' forms (`rememberedForms()`) that {@link joinedJSONForms} and {@link formsPattern} were made from. */
let formsFrom: readonly string[] | undefined;
/**
 * The forms as they read in JSON text without separators, for {@link mayHoldClientKey}. None is left out
 * for being short: a form the redaction replaces must never be missed by the check.
 */
let joinedJSONForms: string[] = [];
/**
 * A first test for {@link mayHoldClientKey}, made from `joinedJSONForms` when first needed after they change:
 * each form with any run of separators allowed between its characters (its UTF-16 units), so it matches
 * wherever the full check could find a form, and a little more. Most chunks fail
 * it, and skip the full check's new string and its search for each form: with one client key remembered, the
 * check of a chunk of the mock's took 0.4 to 0.6 µs this way, 1.2 to 3.2 µs the full way (Node 20). `null`
 * when the forms are too long together for one expression (many credentials remembered): the full check only.
 */
let formsPattern: RegExp | null | undefined;

// Dropping separators can take a form's edge along: its first letter, an n, r or t, after a backslash in
// the value (`\\nkey` in JSON reads as a written-out `\n`), and its last escaped backslash before an n, r or
// t. The check looks for each form without those edges, which finds the form whole too.
const edgeSeparators = /^[nrt]|\\\\$/g;

// Made once: a regular expression literal in the function would be a new object on every chunk.
// In JSON text, an escape that the value itself holds has its backslash escaped again (`gsk\\u005f`).
const groqKeyPrefix = new RegExp(groqPrefixWith('\\\\{1,2}'), 'i');

// Separators as they read in JSON text, where an escape of the value's own `\n` (two characters, as in a JSON
// body quoted as text) has its backslash escaped again: `\\n`. A form feed and a vertical tab are white space
// too, which JSON.stringify writes as `\f` and `\u000b`: left out, a key split by either reached the browser.
// Any other escape is matched too, and kept (`$1`), so that the search stays aligned on escapes: in `\\fkey`
// (a backslash, then a key starting with f) the f is the key's, not a form feed's.
const jsonSeparator = `${separatorClass}|\\\\[nrtf]|\\\\u000[bB]|\\\\\\\\[nrt]`;
const jsonSeparators = new RegExp(`(?:${jsonSeparator})+|(\\\\[\\s\\S])`, 'g');

/**
 * Whether `text` (a chunk's JSON, or plain text) may hold a key that {@link redactKnownKeys} would redact: a
 * Groq key's prefix, or a remembered key (a client's own, or a credential sent in a request header) in any
 * of its forms, also with separators between its characters. It saw only clients' keys, and only whole, so
 * a key that an echo wrapped or spaced out, or a tenant's key sent as a header, reached the browser. Cheap
 * enough for every chunk a relay passes on, where {@link redactSecrets} would not be: one expression that
 * most chunks fail (see `formsPattern`); for the rest, one pass that drops the separators, then a search for
 * each form.
 */
export function mayHoldClientKey(text: string): boolean {
  if (groqKeyPrefix.test(text)) return true;
  const forms = rememberedForms();
  if (forms !== formsFrom) {
    formsFrom = forms;
    joinedJSONForms = [
      ...new Set(forms.map((form) => JSON.stringify(form).slice(1, -1).replace(jsonSeparators, '$1').replace(edgeSeparators, '')).filter((form) => form !== '')),
    ];
    formsPattern = undefined;
  }
  if (joinedJSONForms.length === 0) return false;
  if (formsPattern === undefined) formsPattern = loosePatternOf(joinedJSONForms);
  if (formsPattern !== null && !formsPattern.test(text)) return false;
  const joined = text.replace(jsonSeparators, '$1');
  for (const form of joinedJSONForms) if (joined.includes(form)) return true;
  return false;
}

const maxPatternFormsLength = 1024;
const separatorRun = `(?:${jsonSeparator})*`;

function loosePatternOf(forms: string[]): RegExp | null {
  if (forms.reduce((length, form) => length + form.length, 0) > maxPatternFormsLength) return null;
  const loose = (form: string): string => form.split('').map((unit) => unit.replace(/[.*+?^${}()|[\]\\/]/, '\\$&')).join(separatorRun);
  return new RegExp(forms.map(loose).join('|'));
}
