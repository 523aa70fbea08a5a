/**
 * ID of a Groq chat model. The listed IDs are suggestions for autocompletion; any string is accepted,
 * since Groq adds and retires models often. `GET /openai/v1/models` lists the current ones.
 */
export type ChatModel =
  | 'groq/compound'
  | 'groq/compound-mini'
  | 'llama-3.1-8b-instant'
  | 'llama-3.3-70b-versatile'
  | 'meta-llama/llama-4-maverick-17b-128e-instruct'
  | 'meta-llama/llama-4-scout-17b-16e-instruct'
  | 'meta-llama/llama-guard-4-12b'
  | 'moonshotai/kimi-k2-instruct'
  | 'openai/gpt-oss-120b'
  | 'openai/gpt-oss-20b'
  | 'qwen/qwen3-32b'
  | 'qwen/qwen3.6-27b'
  | 'qwen/qwen3.8-27b'
  | (string & {});
