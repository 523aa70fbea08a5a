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
};

export default nextConfig;
