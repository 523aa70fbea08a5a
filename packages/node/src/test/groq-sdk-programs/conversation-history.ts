import Groq from 'groq-sdk';
const groq = new Groq();
type Msg = Groq.Chat.ChatCompletionMessageParam;
export class Chat {
  history: Msg[] = [];
  async send(text: string) {
    this.history.push({ role: 'user', content: text });
    const stream = await groq.chat.completions.create({ model: 'm', messages: this.history, stream: true });
    let reply = '';
    for await (const chunk of stream) reply += chunk.choices[0]?.delta?.content ?? '';
    this.history.push({ role: 'assistant', content: reply });
    return reply;
  }
  async sendFull(text: string) {
    this.history.push({ role: 'user', content: text });
    const completion = await groq.chat.completions.create({ model: 'm', messages: this.history });
    const choice = completion.choices[0];
    if (choice) this.history.push(choice.message);
    this.history.push({ role: 'assistant', content: choice?.message.content ?? null, reasoning: choice?.message.reasoning ?? null });
  }
}
