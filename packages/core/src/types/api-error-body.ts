import type { XGroqDebug } from './x-groq.js';

/**
 * Groq's error codes seen in practice. The listed values are suggestions for autocompletion; any
 * string may come.
 */
export type APIErrorCode =
  | 'invalid_api_key'
  | 'rate_limit_exceeded'
  | 'model_not_found'
  | 'model_decommissioned'
  | 'json_validate_failed'
  | 'tool_use_failed'
  | (string & {});

/** The JSON body of an error response from Groq, e.g. a 400, 401, 404 or 429. */
export interface APIErrorBody {
  /** What went wrong. */
  error: APIErrorObject;
}

/** The `error` member of an {@link APIErrorBody}. */
export interface APIErrorObject {
  /** A readable explanation; for a 429 it says which limit was hit and how long to wait. */
  message: string;
  /**
   * The kind of error, e.g. `invalid_request_error`; for a 429, which limit was hit (`tokens` or
   * `requests`).
   */
  type?: string;
  /** A stable code to branch on, e.g. `rate_limit_exceeded`, `invalid_api_key` or `model_not_found`. */
  code?: APIErrorCode | null;
  /** The request parameter the error is about, when there is one. */
  param?: string | null;
  /**
   * The text the model generated before validation failed, with `code` `json_validate_failed` or
   * `tool_use_failed`: useful for debugging prompts and schemas.
   */
  failed_generation?: string | null;
  /** Details of a failed schema validation, when Groq gives them (not documented further by Groq). */
  schema_code?: string | null;
  /** Details of a failed schema validation, when Groq gives them (not documented further by Groq). */
  schema_kind?: string | null;
  /** Details of a failed schema validation, when Groq gives them (not documented further by Groq). */
  schema_path?: string | null;
  /** The segments of the schema path relevant to a failed validation. */
  schema_path_segments?: string[];
  /** Input and output tokens, only when Groq's debug mode was requested. */
  debug?: XGroqDebug;
}
