import { groqError, type GroqErrorBody } from './send-json.js';
import { shorten } from './shorten.js';

/** One entry of `GET /openai/v1/models`, with the extra fields Groq adds to OpenAI's `Model`. */
export interface MockModel {
  /** The model id to pass as `model`, e.g. `llama-3.3-70b-versatile`. */
  id: string;
  /** Always `model`. */
  object: 'model';
  /** When the model was added, in Unix seconds. */
  created: number;
  /** Who made the model, e.g. `Meta`. */
  owned_by: string;
  /** Whether the model can be used; always `true` here. */
  active: boolean;
  /** Most tokens of prompt and completion together. */
  context_window: number;
  /** Always `null` here. */
  public_apps: null;
  /** Most tokens one completion may have. */
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

/**
 * The 404 `model_not_found` body that Groq answers for a model it does not serve. The name is cut short: a client
 * can send any, and a 10 KB one made a 10 KB message.
 */
export function modelNotFoundError(model: string): GroqErrorBody {
  return groqError(`The model \`${shorten(model)}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
}
