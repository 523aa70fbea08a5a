/** What the command says instead of the SDK's advice to pass a fetch of its own, which it cannot take. */
const fetchAdvice = 'leave HTTPS_PROXY and HTTP_PROXY unset: groq-stream goes through fetch, which refuses the port, only to reach a proxy';

/**
 * An SDK error message with its advice in the command's terms: the SDK names its options (`timeout`,
 * `streamIdleTimeout`, `baseURL`, `apiKey`, `fetchOptions`, `maxEventSize`), the API's parameters
 * (`max_completion_tokens`, `service_tier`) and its default retries, where the command has flags, GROQ_BASE_URL,
 * GROQ_API_KEY and the proxy variables, and may have been run with `--max-retries 0`.
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
    .replace(', and pass query parameters with the defaultQuery option.', '.')
    .replace('the client adds that to each request path itself', 'groq-stream adds that to each request path itself')
    .replace('without /openai/v1: the client adds the path.', 'without /openai/v1: groq-stream adds the path.')
    // A redirect that leads nowhere, or to another origin, which the client's own advice tells to set as baseURL.
    .replace('Check baseURL (it should be', 'Check GROQ_BASE_URL (it should be')
    .replace('set baseURL to ', 'set GROQ_BASE_URL to ')
    .replace('Set baseURL to a server', 'Set GROQ_BASE_URL to a server')
    // A status's advice, which names the API's parameters: the command sets them with its flags.
    .replace('shorten the messages or lower max_completion_tokens.', 'shorten the prompt (and --system) or lower --max-tokens.')
    .replace(
      'Check the request parameters named in the message.',
      'Check the request parameters named in the message: --model sets model, --max-tokens max_completion_tokens, the prompt and --system messages.',
    )
    .replace('Check the model name (GET /openai/v1/models lists them) and the base URL.', 'Check --model (GET /openai/v1/models lists the models) and GROQ_BASE_URL.')
    // The command sends no service_tier, and has no flag to send one.
    .replace('retry later, or use service_tier "on_demand".', 'retry later.')
    // The command has neither fetchOptions nor a fetch to pass: only the proxy variables.
    .replace(", or pass undici's ProxyAgent with a token as fetchOptions.dispatcher", '')
    .replace(' (HTTPS_PROXY or HTTP_PROXY, or the dispatcher in fetchOptions)', ' (HTTPS_PROXY or HTTP_PROXY)')
    .replace('pass a fetch that allows it (createNodeHttpFetch of @groq-stream/node)', fetchAdvice)
    .replace('pass a fetch that allows the port (createNodeHttpFetch of @groq-stream/node)', fetchAdvice)
    // The command reads events of the client's default size (16 MiB), with no flag to raise it.
    .replace(
      'If the server legitimately sends events this large, raise the `maxEventSize` option.',
      'groq-stream reads events of up to 16 MiB, far more than Groq sends: check GROQ_BASE_URL and any proxy in between.',
    );
}
