import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Debian's Chromium (`CHROMIUM_PATH` overrides /usr/bin/chromium), driven by playwright-core, never a downloaded
 * browser: checks at once that it is there (exits 1 saying how to install it, before any other work), and returns
 * the function that launches it headless.
 */
export function chromiumLauncher(root) {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.error(`Chromium was not found at ${executablePath}: install it with \`apt-get install -y chromium\` (Debian), or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  // playwright-core is a devDependency of the Next.js demo, whose browser tests use it too.
  const { chromium } = createRequire(join(root, 'apps/next-demo/package.json'))('playwright-core');
  return () =>
    chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
}
