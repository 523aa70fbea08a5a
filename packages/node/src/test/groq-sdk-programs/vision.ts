import Groq from 'groq-sdk';
const groq = new Groq();
export async function main() {
  const c = await groq.chat.completions.create({
    model: 'meta-llama/llama-4-scout-17b-16e-instruct',
    messages: [{
      role: 'user',
      content: [
        { type: 'text', text: "What's in this image?" },
        { type: 'image_url', image_url: { url: 'https://upload.wikimedia.org/x.jpg', detail: 'low' } },
      ],
    }],
    temperature: 1, max_completion_tokens: 1024, top_p: 1, stream: false, stop: null,
  });
  console.log(c.choices[0]!.message);
}
