/** A document the model may read and cite while answering, for the `documents` parameter. */
export interface ChatCompletionDocument {
  /** The document's contents. */
  source: ChatCompletionDocumentSource;
  /** Your ID for the document; citations in the answer refer to it. */
  id?: string | null | undefined;
}

/** Where a document's contents come from: inline text or inline JSON. */
export type ChatCompletionDocumentSource = ChatCompletionDocumentSourceText | ChatCompletionDocumentSourceJson;

/** A document given inline as text. */
export interface ChatCompletionDocumentSourceText {
  /** Marks a text document. */
  type: 'text';
  /** The document's text. */
  text: string;
}

/** A document given inline as a JSON object. */
export interface ChatCompletionDocumentSourceJson {
  /** Marks a JSON document. */
  type: 'json';
  /** The document's contents. */
  data: Record<string, unknown>;
}

// Named outside the namespace below, where these names mean the namespace's own members (and the bundled
// declarations name each type once).
type PackageChatCompletionDocumentSourceText = ChatCompletionDocumentSourceText;
type PackageChatCompletionDocumentSourceJson = ChatCompletionDocumentSourceJson;

/** groq-sdk's nested names for the sources of a document, such as `CompletionCreateParams.Document.ChatCompletionDocumentSourceText`. */
export declare namespace ChatCompletionDocument {
  /** The package's `ChatCompletionDocumentSourceText`, under the same name, where groq-sdk nests it. */
  export type ChatCompletionDocumentSourceText = PackageChatCompletionDocumentSourceText;
  /** The package's `ChatCompletionDocumentSourceJson`, under the same name, where groq-sdk nests it. */
  export type ChatCompletionDocumentSourceJson = PackageChatCompletionDocumentSourceJson;
}
