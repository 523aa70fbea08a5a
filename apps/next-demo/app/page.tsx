import { Chat, type ChatRuntime } from './chat';

// The page reads ?runtime= on each request, so it is rendered per request rather than at build time.
export const dynamic = 'force-dynamic';

export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { runtime } = await searchParams;
  const initialRuntime: ChatRuntime = runtime === 'edge' ? 'edge' : 'nodejs';
  return (
    <main>
      <header>
        <h1>groq-stream chat</h1>
        <p>
          Answers stream token by token from a Next.js route handler (<code>createChatRouteHandler</code> from{' '}
          <code>@groq-stream/web</code>). The API key stays on the server.
        </p>
      </header>
      <Chat initialRuntime={initialRuntime} />
    </main>
  );
}
