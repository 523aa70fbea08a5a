// Core's isCredentialName (packages/core/src/is-credential-name.ts) restated, word for word: the mock has no run-time
// dependency on core, and the two must agree on which headers hold a credential (is-credential-header.test holds
// core's table), so that what a test checks its client sent (`idempotency-key`, `x-author`, `x-design-id`, a
// `x-signature-version`) is recorded as sent, and nothing core would hide is recorded. See core for why each word.
const passwordWord = /passw(?:or)?d|passphrase|passcode|pwd/;
const credentialNameWord =
  /^(?:auth(?!or(?!i[sz]))[a-z]*|[a-z]*(?:auth|token|secret|sig|signature|credential)s?|(?:[a-z]*(?:api|access|secret|private|pass|auth|app|client|master|license|signing|encryption|subscription|session))?keys?|(?:[a-z]*sess(?:ion)?|s)ids?|(?:pin|otp|mfa)codes?)$/;
const describingWord = /^(?:version|method|algorithm)s?$/;
const valueNamingWord = /^(?:session|pin|mfa|[a-z]*otp)$/;
const valueWord = /^(?:id|code|number|value)s?$/;

/**
 * Whether a request header's name says its value is a credential, which the recorded requests show as `[redacted]`:
 * by the words of the name, as core's isCredentialName reads them (a credential's word standing alone or ending a
 * word, `key` only after what makes it a credential's, a password's word anywhere; not `idempotency-key`, nor a name
 * ending in `version`, `method` or `algorithm`, which says how a credential was made). And `Cookie`, whose sessions
 * core finds in the line (headerSecrets): the mock records whole values, so it hides the whole line.
 */
export function isCredentialHeader(name: string): boolean {
  if (name.toLowerCase() === 'cookie') return true;
  const words = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word !== '');
  if (words.some((word) => passwordWord.test(word))) return true;
  if (describingWord.test(words.at(-1) ?? '')) return false;
  return words.some((word, index) => {
    if (valueNamingWord.test(word)) return index === words.length - 1 || valueWord.test(words[index + 1]!);
    return credentialNameWord.test(word) && !(/^keys?$/.test(word) && words[index - 1] === 'idempotency');
  });
}
