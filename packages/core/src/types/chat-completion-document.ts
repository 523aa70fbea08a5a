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
