/** One entry of `GET /openai/v1/models`, with the extra fields Groq adds to OpenAI's `Model`. */
export interface MockModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  active: boolean;
  context_window: number;
  public_apps: null;
  max_completion_tokens: number;
}

/** The models the mock lists: real Groq model ids, so that code choosing a model by id works unchanged. */
export const mockModels: readonly MockModel[] = [
  model('llama-3.3-70b-versatile', 'Meta', 1733447754, 131072, 32768),
  model('llama-3.1-8b-instant', 'Meta', 1693721698, 131072, 131072),
  model('openai/gpt-oss-20b', 'OpenAI', 1754407957, 131072, 65536),
  model('openai/gpt-oss-120b', 'OpenAI', 1754408224, 131072, 65536),
  model('meta-llama/llama-4-scout-17b-16e-instruct', 'Meta', 1743874824, 131072, 8192),
  model('qwen/qwen3-32b', 'Alibaba Cloud', 1748396646, 131072, 40960),
];

function model(id: string, ownedBy: string, created: number, contextWindow: number, maxCompletionTokens: number): MockModel {
  return {
    id,
    object: 'model',
    created,
    owned_by: ownedBy,
    active: true,
    context_window: contextWindow,
    public_apps: null,
    max_completion_tokens: maxCompletionTokens,
  };
}
