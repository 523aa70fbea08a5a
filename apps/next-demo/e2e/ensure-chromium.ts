import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath } from './launch-chromium.js';

/**
 * Vitest global setup: on a fresh Debian machine (as root, the way CI runs) install Debian's Chromium when
 * it is missing, so `pnpm test` works with nothing but Node and npm installed. Anywhere else it does
 * nothing, and the browser tests fail with instructions instead of skipping.
 */
export default function ensureChromium(): void {
  if (existsSync(chromiumPath) || process.env.CHROMIUM_PATH !== undefined) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) return;
  process.stderr.write('Chromium is missing: installing Debian\'s package for the browser tests (about a minute)...\n');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env, timeout: 300_000 });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 600_000 });
}
