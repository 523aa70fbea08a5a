/** The tools Groq discovered on one remote MCP server connected to the request. */
export interface ChatCompletionMcpListTools {
  /** ID of this list. */
  id?: string;
  /** The kind of item, e.g. `mcp_list_tools`. */
  type?: string;
  /** Your label for the MCP server. */
  server_label?: string;
  /** The tools the server offers. */
  tools?: ChatCompletionMcpTool[];
}

/** One tool offered by a remote MCP server. */
export interface ChatCompletionMcpTool {
  /** The tool's name. */
  name?: string;
  /** What the tool does. */
  description?: string;
  /** JSON Schema of the tool's arguments. */
  input_schema?: Record<string, unknown>;
  /** Further metadata the server gave for the tool. */
  annotations?: unknown;
}
