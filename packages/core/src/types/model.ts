/** A model available to your organization, from `GET /openai/v1/models`. */
export interface Model {
  /** ID of the model, to use as `model` in requests, e.g. `llama-3.3-70b-versatile`. */
  id: string;
  /** Always `model`. */
  object: 'model';
  /** When the model was added, in Unix seconds. */
  created: number;
  /** Who made the model, e.g. `Meta` or `OpenAI`. */
  owned_by: string;
  /** Whether the model can be used now. */
  active?: boolean;
  /** The most tokens, input and output together, that one request may use. */
  context_window?: number;
  /** The most tokens the model can generate in one answer. */
  max_completion_tokens?: number;
  /** Groq's restriction of the model to certain apps; `null` for public models. Undocumented shape. */
  public_apps?: unknown;
}

/** The answer of `GET /openai/v1/models`. */
export interface ModelList {
  /** Always `list`. */
  object: 'list';
  /** The models. */
  data: Model[];
}

/** `ModelList` under groq-sdk's name, for code that imported it from `groq-sdk/resources/models`. */
export type ModelListResponse = ModelList;
