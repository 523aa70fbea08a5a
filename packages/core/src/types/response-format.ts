/** Plain text output; the default. */
export interface ResponseFormatText {
  /** Marks plain text output. */
  type: 'text';
}

/**
 * JSON mode: the output is valid JSON, of no particular shape. Also tell the model in a system or user
 * message to answer in JSON. Prefer `json_schema` on models that support it.
 */
export interface ResponseFormatJsonObject {
  /** Marks JSON mode. */
  type: 'json_object';
}

/** Structured output: the output is JSON matching the given schema (on supported models only). */
export interface ResponseFormatJsonSchema {
  /** Marks structured output. */
  type: 'json_schema';
  /** The schema and how strictly to follow it. */
  json_schema: ResponseFormatJsonSchemaDefinition;
}

/** A named JSON Schema for {@link ResponseFormatJsonSchema}. */
export interface ResponseFormatJsonSchemaDefinition {
  /** Name of the format: letters, digits, `_` and `-`, at most 64 characters. */
  name: string;
  /** What the format is for; the model reads it to decide how to answer. */
  description?: string | undefined;
  /** The JSON Schema object the output must match. */
  schema?: Record<string, unknown> | undefined;
  /**
   * When `true`, the output follows `schema` exactly; only a subset of JSON Schema is accepted then.
   * Defaults to `false`.
   */
  strict?: boolean | null | undefined;
}

/** The format of the model's output, for the `response_format` parameter. */
export type ResponseFormat = ResponseFormatText | ResponseFormatJsonObject | ResponseFormatJsonSchema;

/** groq-sdk's nested name for the schema of a structured output, `CompletionCreateParams.ResponseFormatJsonSchema.JsonSchema`. */
export declare namespace ResponseFormatJsonSchema {
  /** {@link ResponseFormatJsonSchemaDefinition}, under groq-sdk's name. */
  export type JsonSchema = ResponseFormatJsonSchemaDefinition;
}
