/** What `groq-stream` says when GROQ_API_KEY is not set: how to set one, or how to try it without one. */
export const MISSING_KEY_MESSAGE = `groq-stream: GROQ_API_KEY is not set.

Create a key at https://console.groq.com/keys, then:
  export GROQ_API_KEY=gsk_...

Or try it without a key against the local mock server:
  npx -p @groq-stream/mock-server groq-stream-mock --port 0
  # listening on http://127.0.0.1:PORT
  GROQ_BASE_URL=http://127.0.0.1:PORT GROQ_API_KEY=any groq-stream "Explain quantum computing"
(the mock takes any key, unless started with --api-key: then give one of those keys)
`;
