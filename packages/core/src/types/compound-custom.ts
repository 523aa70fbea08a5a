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

// Named outside the namespace below, where `WolframSettings` means the namespace's own member (and the
// bundled declarations name each type once).
type PackageWolframSettings = WolframSettings;

/** groq-sdk's nested names for the parts of Compound's tools, such as `CompletionCreateParams.CompoundCustom.Tools.WolframSettings`. */
export declare namespace CompoundCustomTools {
  /** The package's `WolframSettings`, under the same name, where groq-sdk nests it. */
  export type WolframSettings = PackageWolframSettings;
}

/** groq-sdk's nested names for the parts of `compound_custom`, such as `CompletionCreateParams.CompoundCustom.Models`. */
export declare namespace CompoundCustom {
  /** {@link CompoundCustomModels}, under groq-sdk's name. */
  export type Models = CompoundCustomModels;
  /** {@link CompoundCustomTools} (and its nested names), under groq-sdk's name. */
  export { CompoundCustomTools as Tools };
}
