import { isRecord } from './is-record.js';

const MESSAGE_ROLES = new Set(['user', 'assistant', 'system', 'developer']);
const SUPPORTED_TYPES = '"message", "function_call", "function_call_output", "reasoning"';

/**
 * Checks one item of a Responses API `input` (a list) with Groq's style of message (`'input.2.call_id' :
 * problem`), or returns undefined when it is fine. Supported: messages (`type: "message"`, or no type and a
 * `role`) whose content is a string or a list of parts (`input_text`, `output_text`, `input_image` with an
 * `image_url` or a `file_id`, files...; other part types are left alone, as some clients send chat's), the
 * `function_call` and `function_call_output` items of a tool loop, and `reasoning` items (accepted, not read).
 * An `item_reference` is refused: it names a stored item, and Groq stores none.
 */
export function checkResponsesInputItem(item: unknown, index: number): string | undefined {
  const path = `input.${index}`;
  if (!isRecord(item)) return `'${path}' : value must be an object`;
  const type = item.type ?? (item.role === undefined ? undefined : 'message');
  if (type === undefined) return `'${path}' : missing discriminator property 'type'`;
  switch (type) {
    case 'message':
      return checkMessage(item, path);
    case 'function_call':
      return checkString(item, path, 'call_id') ?? checkString(item, path, 'name') ?? checkString(item, path, 'arguments');
    case 'function_call_output':
      if (item.output === undefined) return `'${path}.output' : property 'output' is missing`;
      if (typeof item.output !== 'string' && !Array.isArray(item.output)) return `'${path}.output' : value must be a string or an array of content parts`;
      return checkString(item, path, 'call_id');
    case 'reasoning':
      return undefined;
    case 'item_reference':
      return (
        `'${path}' : items of type "item_reference" are not supported: Groq's Responses API stores no responses, so send the item ` +
        'itself (with the AI SDK, set providerOptions.openai.store to false).'
      );
    default:
      return `'${path}' : discriminator property 'type' has invalid value ${JSON.stringify(type)}; supported: ${SUPPORTED_TYPES}`;
  }
}

/** Who an input item speaks for (`tool` for a function's output), and its text, for the prompt and its token count. */
export function inputItemText(item: Record<string, unknown>): { role: string; text: string } {
  if (item.type === 'function_call') return { role: 'assistant', text: `${String(item.name)}${String(item.arguments)}` };
  if (item.type === 'function_call_output') return { role: 'tool', text: typeof item.output === 'string' ? item.output : partsText(item.output) };
  if (item.type === 'reasoning') return { role: 'reasoning', text: '' };
  return { role: String(item.role), text: typeof item.content === 'string' ? item.content : partsText(item.content) };
}

function checkMessage(item: Record<string, unknown>, path: string): string | undefined {
  const { role, content } = item;
  if (role === undefined) return `'${path}.role' : property 'role' is missing`;
  if (typeof role !== 'string' || !MESSAGE_ROLES.has(role)) return `'${path}.role' : value must be one of "user", "assistant", "system", "developer"`;
  if (content === undefined) return `'${path}.content' : property 'content' is missing`;
  if (typeof content === 'string') return undefined;
  if (!Array.isArray(content)) return `'${path}.content' : value must be a string or an array of content parts`;
  for (const [index, part] of content.entries()) {
    const partPath = `${path}.content.${index}`;
    if (!isRecord(part)) return `'${partPath}' : value must be an object`;
    if (typeof part.type !== 'string') return `'${partPath}' : missing discriminator property 'type'`;
    const problem = checkContentPart(part, partPath);
    if (problem) return problem;
  }
  return undefined;
}

const IMAGE_DETAILS = new Set(['low', 'high', 'auto', 'original']);

function checkContentPart(part: Record<string, unknown>, path: string): string | undefined {
  if ((part.type === 'input_text' || part.type === 'output_text') && typeof part.text !== 'string') return `'${path}.text' : property 'text' is missing`;
  if (part.type !== 'input_image') return undefined;
  const { image_url: imageUrl, file_id: fileId, detail } = part;
  if ((imageUrl === undefined || imageUrl === null) && (fileId === undefined || fileId === null)) {
    return `'${path}.image_url' : property 'image_url' is missing: an input_image needs 'image_url' (a URL or a data: URL) or 'file_id'`;
  }
  if (imageUrl !== undefined && imageUrl !== null && typeof imageUrl !== 'string') {
    return `'${path}.image_url' : value must be a string (a URL or a data: URL), not an object as in chat's image_url parts`;
  }
  if (fileId !== undefined && fileId !== null && typeof fileId !== 'string') return `'${path}.file_id' : value must be a string`;
  if (detail !== undefined && detail !== null && !(typeof detail === 'string' && IMAGE_DETAILS.has(detail))) {
    return `'${path}.detail' : value must be one of "low", "high", "auto", "original"`;
  }
  return undefined;
}

function checkString(item: Record<string, unknown>, path: string, name: string): string | undefined {
  if (item[name] === undefined) return `'${path}.${name}' : property '${name}' is missing`;
  return typeof item[name] === 'string' ? undefined : `'${path}.${name}' : value must be a string`;
}

// The text parts of a content list (`input_text`, `output_text`), joined; images and files add nothing.
function partsText(parts: unknown): string {
  if (!Array.isArray(parts)) return '';
  return parts.map((part: unknown) => (isRecord(part) && typeof part.text === 'string' && (part.type === 'input_text' || part.type === 'output_text') ? part.text : '')).join('');
}
