/** Custom models and tools for Compound (`groq/compound`, `groq/compound-mini`). */
export interface CompoundCustom {
  /** Which models Compound uses for its steps. */
  models?: CompoundCustomModels | null;
  /** Which tools Compound may use, and their settings. */
  tools?: CompoundCustomTools | null;
}

/** The models Compound uses. Leave a field out for Groq's default. */
export interface CompoundCustomModels {
  /** ID of the model that reasons and decides which tools to call. */
  reasoning_model?: string | null;
  /** ID of the model that writes the final answer. */
  answering_model?: string | null;
}

/** The tools Compound may use. */
export interface CompoundCustomTools {
  /** Names of the tools enabled for this request, e.g. `['web_search', 'code_interpreter']`. */
  enabled_tools?: string[] | null;
  /** Settings of the Wolfram Alpha tool. */
  wolfram_settings?: WolframSettings | null;
}

/** Settings of Compound's Wolfram Alpha tool. */
export interface WolframSettings {
  /** Your Wolfram Alpha API key, used to call Wolfram on your behalf. */
  authorization?: string | null;
}
