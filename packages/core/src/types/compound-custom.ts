/** Custom models and tools for Compound (`groq/compound`, `groq/compound-mini`). */
export interface CompoundCustom {
  /** Which models Compound uses for its steps. */
  models?: CompoundCustomModels | null | undefined;
  /** Which tools Compound may use, and their settings. */
  tools?: CompoundCustomTools | null | undefined;
}

/** The models Compound uses. Leave a field out for Groq's default. */
export interface CompoundCustomModels {
  /** ID of the model that reasons and decides which tools to call. */
  reasoning_model?: string | null | undefined;
  /** ID of the model that writes the final answer. */
  answering_model?: string | null | undefined;
}

/** The tools Compound may use. */
export interface CompoundCustomTools {
  /** Names of the tools enabled for this request, e.g. `['web_search', 'code_interpreter']`. */
  enabled_tools?: string[] | null | undefined;
  /** Settings of the Wolfram Alpha tool. */
  wolfram_settings?: WolframSettings | null | undefined;
}

/** Settings of Compound's Wolfram Alpha tool. */
export interface WolframSettings {
  /** Your Wolfram Alpha API key, used to call Wolfram on your behalf. */
  authorization?: string | null | undefined;
}
