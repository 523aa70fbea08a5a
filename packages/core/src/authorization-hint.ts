/**
 * Advice for a 401 or 403 when the `Authorization` header did not carry the key: a header in `defaultHeaders` or the
 * request's `headers` replaced it, emptied it or removed it (`null`), and the key's own advice (check
 * `GROQ_API_KEY`) would send the user the wrong way. `undefined` when the key went with the request.
 *
 * @param sent - the header as sent, `null` when there was none.
 * @param keyHeader - the header the key makes, `Bearer <key>`.
 * @param setBy - the option that set the header last, when one did.
 */
export function authorizationHint(sent: string | null, keyHeader: string, setBy: string | undefined): string | undefined {
  if (setBy === undefined || sent === keyHeader) return undefined;
  const how = sent === null ? 'removed' : sent === '' ? 'set empty' : 'replaced';
  return `The Authorization header was ${how} by ${setBy}, so apiKey was not sent: check it there, or leave it out to send apiKey.`;
}
