// A name is a credential's by its words, not by letters inside one: by letters, the values of `x-idempotency-key`,
// `X-Author`, `?design=`, `X-Keyboard-Layout` and `?monkey=` were remembered and hidden wherever they appeared (every
// error and log line, what a model wrote too), though they are what one debugs with. Words are apart at any character
// but a letter and at a camelCase hump (`clientSecret`, `APIKey`, `X-Hub-Signature-256`). A credential's word stands
// alone or ends a word written without separators (`authtoken`, `csrftoken`, `clientsecret`, `oauth`, `sig`,
// `signature`, `credentials`, `awscredentials`, `totp`, plurals too); `auth` may also start one (`authorization`,
// `authn`) but the author's (`author`, `authority`); `key` ends one only after what makes it a credential's (`apikey`,
// `passkey`), as `monkey`, `turkey` and `hotkey` end so too. A password's word counts anywhere (`dbpassword`, `passwd`,
// `pwd`, `passcode`): nothing else is spelt so, and one must never show. In doubt, hidden (`sort_key`, `x-key-id`), but
// for `key` after `idempotency` (the IETF draft's and Stripe's `Idempotency-Key`, which tells which request was
// repeated) and a name ending in `version`, `method` or `algorithm` (`SignatureVersion`, `oauth_signature_method`),
// which says how a credential was made (`HMAC-SHA1`). A session's id is one joined (`sessionid`, `PHPSESSID`) or as `sid`
// (Express's `connect.sid`, `x-sid`), a word of its own: `sidebar`, `ssid` and `inside` are none.
const passwordWord = /passw(?:or)?d|passphrase|passcode|pwd/;
const credentialNameWord = /^(?:auth(?!or(?!i[sz]))[a-z]*|[a-z]*(?:auth|token|secret|sig|signature|credential)s?|(?:[a-z]*(?:api|access|secret|private|pass|auth|app|client|master|license|signing|encryption|subscription|session))?keys?|(?:[a-z]*sess(?:ion)?|s)ids?|(?:pin|otp|mfa)codes?)$/;
const describingWord = /^(?:version|method|algorithm)s?$/;
// Words that name a credential, and also what is said of it in a name that goes on (`session_count`,
// `x-session-affinity`, `pin_version`, `pin_memory`, `otp_length`, `x-mfa-required`, `mfa_device`): a session's id (a
// cookie's `session`, `x-session-id`: in doubt, a tracer's too), a PIN, a one-time password (`totp`, `smsotp`) and
// an MFA code (AWS's `x-amz-mfa`, `mfa_code`) are the credential where the word ends the name or comes before the
// word for its value. Elsewhere such a value is a number or a word (`eu-west1a`, a model that `x-pin-model` pins),
// which, remembered, was hidden wherever it appears.
const valueNamingWord = /^(?:session|pin|mfa|[a-z]*otp)$/;
const valueWord = /^(?:id|code|number|value)s?$/;

/** Whether a request header's or query parameter's name says its value is a credential, to keep out of errors and logs. */
export function isCredentialName(name: string): boolean {
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
