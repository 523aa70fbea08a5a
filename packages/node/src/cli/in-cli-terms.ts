/**
 * An SDK error message with its advice in the command's terms: the SDK names its options (`timeout`,
 * `streamIdleTimeout`, `baseURL`, `apiKey`) and its default retries, where the command has flags, GROQ_BASE_URL
 * and GROQ_API_KEY, and may have been run with `--max-retries 0`.
 */
export function inCliTerms(message: string, maxRetries: number | undefined): string {
  const retries = maxRetries === 0 ? 'retries were off: --max-retries 0' : 'it was retried before this';
  return message
    .replace('raise the `streamIdleTimeout` option', 'raise --timeout')
    .replace('Raise the `timeout` option', 'Raise --timeout')
    .replace('the client retries this by default', retries)
    .replace('(the client retries it by default)', `(${retries})`)
    // What the client says of a request that failed for good: its option, as the command's flag.
    .replace(/\(maxRetries: (\d+)\)/, '(--max-retries $1)')
    // The command takes its key from GROQ_API_KEY alone: there is no apiKey to pass.
    .replace('set GROQ_API_KEY or pass apiKey', 'check GROQ_API_KEY')
    .replaceAll('check baseURL', 'check GROQ_BASE_URL')
    .replace('Check that baseURL points', 'Check that GROQ_BASE_URL points')
    .replace('proxy settings (HTTPS_PROXY) and baseURL', 'proxy settings (HTTPS_PROXY) and GROQ_BASE_URL')
    // The client's refusal of its baseURL option, which the command reads from GROQ_BASE_URL; the command
    // has no defaultQuery option to send query parameters with.
    .replace(/^baseURL must/, 'GROQ_BASE_URL must')
    .replace(', and pass query parameters with the defaultQuery option.', '.');
}
