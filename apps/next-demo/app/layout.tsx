import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

// Every page, the built-in 404 too, is rendered per request: its scripts need that response's CSP nonce
// (see proxy.ts), which a page rendered at build time cannot have.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: 'groq-stream · Next.js chat',
  description: 'Groq answers streamed token by token through a Next.js route handler.',
  // No icon, said as the Express page says it: otherwise the browser asks for /favicon.ico, which this app does
  // not have, and logs the 404 as an error in the console on every load.
  icons: { icon: 'data:,' },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
