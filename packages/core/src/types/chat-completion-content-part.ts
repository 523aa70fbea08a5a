/** A piece of text inside a message whose `content` is an array of parts. */
export interface ChatCompletionContentPartText {
  /** Marks a text part. */
  type: 'text';
  /** The text. */
  text: string;
}

/**
 * An image for a vision model (e.g. `meta-llama/llama-4-scout-17b-16e-instruct`). Only user (and tool)
 * messages may carry images.
 */
export interface ChatCompletionContentPartImage {
  /** Marks an image part. */
  type: 'image_url';
  /** Where the image is. */
  image_url: {
    /** An `https:` URL of the image, or the image itself as a `data:image/…;base64,…` URL. */
    url: string;
    /** How closely the model should look at the image. Defaults to `auto`. */
    detail?: 'auto' | 'low' | 'high' | undefined;
  };
}

/** A JSON document placed inside a user message, which the model can cite. */
export interface ChatCompletionContentPartDocument {
  /** Marks a document part. */
  type: 'document';
  /** The document. */
  document: {
    /** The document's contents as a JSON object. */
    data: Record<string, unknown>;
    /** Your ID for the document; citations in the answer refer to it. */
    id?: string | null | undefined;
  };
}

/** One part of a user or tool message's `content` array. */
export type ChatCompletionContentPart =
  | ChatCompletionContentPartText
  | ChatCompletionContentPartImage
  | ChatCompletionContentPartDocument;

/** groq-sdk's nested name for the document part, `ChatCompletionContentPart.ChatCompletionRequestMessageContentPartDocument`. */
export declare namespace ChatCompletionContentPart {
  /** {@link ChatCompletionContentPartDocument}, under groq-sdk's name. */
  export type ChatCompletionRequestMessageContentPartDocument = ChatCompletionContentPartDocument;
  /** groq-sdk's nested names for the parts of a document part. */
  export namespace ChatCompletionRequestMessageContentPartDocument {
    /** {@link ChatCompletionContentPartDocument.document}, under groq-sdk's name. */
    export type Document = ChatCompletionContentPartDocument['document'];
  }
}

/** groq-sdk's nested name for the image's location, `ChatCompletionContentPartImage.ImageURL`. */
export declare namespace ChatCompletionContentPartImage {
  /** {@link ChatCompletionContentPartImage.image_url}, under groq-sdk's name. */
  export type ImageURL = ChatCompletionContentPartImage['image_url'];
}
