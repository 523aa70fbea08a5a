import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// No telemetry from this demo's builds (`next build` reads this after loading the config).
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The pnpm workspace root, so Turbopack resolves the linked @groq-stream packages from one place.
  turbopack: { root: path.join(path.dirname(fileURLToPath(import.meta.url)), '../..') },
  // On every response, the API's too; the page's Content-Security-Policy, with its per-request nonce, comes
  // from proxy.ts. No address leaks in a Referer, no response is sniffed into another type, and the page
  // is framed nowhere (x-frame-options for browsers that ignore the policy's frame-ancestors).
  headers: async () => [
    {
      source: '/:path*',
      headers: [
        { key: 'x-content-type-options', value: 'nosniff' },
        { key: 'referrer-policy', value: 'no-referrer' },
        { key: 'x-frame-options', value: 'DENY' },
      ],
    },
  ],
};

export default nextConfig;
