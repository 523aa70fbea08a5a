import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const c = await groq.chat.completions.create({
    model: 'openai/gpt-oss-20b',
    messages: [{ role: 'user', content: 'search' }],
    tools: [{ type: 'browser_search' }, { type: 'code_interpreter' }],
    tool_choice: 'required',
    parallel_tool_calls: false,
    disable_tool_validation: true,
  });
  const tools: Groq.Chat.ChatCompletionTool[] = [{ type: 'browser_search' }];
  const t2: Groq.Chat.ChatCompletionTool[] = [{ type: 'mcp' as string }];
  return [c, tools, t2];
}
