/**
 * The mock's count of a prompt's tokens, the same for chat and Responses requests: about 4 characters a token,
 * plus a few tokens of template per text (a message, an input item, the instructions) and for the whole.
 */
export function estimatePromptTokens(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + 4 + Math.ceil(text.length / 4), 3);
}
