import Groq from 'groq-sdk';
import type { CompletionCreateParams } from 'groq-sdk/resources/chat/completions';
import type { CompletionCreateParams as ChatCompletionCreateParamsNamespace } from 'groq-sdk/resources/chat';
const groq = new Groq();
export async function main(strict: boolean) {
  const responseFormat = strict
    ? ({ type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } } as CompletionCreateParams.ResponseFormatJsonSchema)
    : undefined;
  const schema: CompletionCreateParams.ResponseFormatJsonSchema.JsonSchema = { name: 'answer' };
  const search: ChatCompletionCreateParamsNamespace.SearchSettings = { include_domains: ['groq.com'] };
  const documents: CompletionCreateParams.Document[] = [{ source: { type: 'text', text: 'x' } }];
  const compound: CompletionCreateParams.CompoundCustom = { tools: { enabled_tools: ['web_search'] } };
  return groq.chat.completions.create({
    model: 'm',
    messages: [{ role: 'user', content: 'x' }],
    response_format: responseFormat ?? { type: 'json_schema', json_schema: schema },
    search_settings: search,
    documents,
    compound_custom: compound,
  });
}
