import Groq from 'groq-sdk';
const groq = new Groq();
const tools: Groq.Chat.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Get weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  },
];
function getWeather(city: string) { return JSON.stringify({ city, temp: 20 }); }
export async function main() {
  const messages: Groq.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
  const response = await groq.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages, tools, tool_choice: 'auto', max_completion_tokens: 4096 });
  const responseMessage = response.choices[0]!.message;
  const toolCalls = responseMessage.tool_calls;
  if (toolCalls) {
    messages.push(responseMessage);
    for (const toolCall of toolCalls) {
      const functionName = toolCall.function.name;
      const functionArgs = JSON.parse(toolCall.function.arguments);
      messages.push({ tool_call_id: toolCall.id, role: 'tool', content: getWeather(functionArgs.city) });
      console.log(functionName);
    }
    const second = await groq.chat.completions.create({ model: 'llama-3.3-70b-versatile', messages });
    return second.choices[0]!.message.content;
  }
  return tools.map((t) => t.function?.name);
}
