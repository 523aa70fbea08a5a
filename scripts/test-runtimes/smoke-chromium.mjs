// Chromium (Debian's, driven by playwright-core, never a downloaded browser): the web build, bundled for
// the browser by esbuild, runs the smoke test in a page whose own server relays `/openai/*` and
// `/__mock/*` to the mock, as an app's same-origin relay would. Then one more stream, behind a
// same-origin redirect: a browser's fetch hides redirects from the client (`redirect: 'manual'` gives an
// opaque answer), so this proves the client still gets there.
// usage: node smoke-chromium.mjs <mockURL> <repoRoot>      (CHROMIUM_PATH overrides /usr/bin/chromium)
import { createServer } from 'node:http';
import { bundleWebIIFE } from './bundle-web-iife.mjs';
import { forwardToMock } from './forward-to-mock.mjs';
import { chromiumLauncher } from './chromium-launcher.mjs';
import { runSmoke } from './smoke-lib.mjs';

const [mockURL, root] = process.argv.slice(2);
const launchChromium = chromiumLauncher(root);
const script = await bundleWebIIFE(root);
const upstream = new URL(mockURL);

const server = createServer((request, response) => {
  if (request.url === '/') {
    response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>groq-stream smoke</title><script src="/groq-stream-web.js"></script>');
    return;
  }
  if (request.url === '/groq-stream-web.js') {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    return;
  }
  if (request.url.startsWith('/redirected/')) {
    request.resume();
    response.writeHead(307, { location: request.url.slice('/redirected'.length) }).end();
    return;
  }
  // The relay: both bodies are piped as they come, and a browser that leaves closes the upstream request.
  forwardToMock(upstream, request, response);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${origin}/`);
  const result = await page.evaluate(`(async () => {
    const { Groq, APIUserAbortError } = GroqStreamWeb;
    const origin = ${JSON.stringify(origin)};
    const smoke = await (${runSmoke.toString()})({ Groq, APIUserAbortError, baseURL: origin, clientOptions: { dangerouslyAllowBrowser: true } });
    const client = new Groq({ apiKey: 'test', baseURL: origin + '/redirected', maxRetries: 0, dangerouslyAllowBrowser: true });
    let redirectedChunks = 0;
    const stream = await client.chat.completions.create({ model: 'llama-3.1-8b-instant', stream: true, messages: [{ role: 'user', content: 'Behind a redirect' }] });
    for await (const chunk of stream) redirectedChunks++;
    return { ...smoke, redirectedChunks };
  })()`);
  if (pageErrors.length > 0) throw new Error(`errors in the page: ${pageErrors.join('; ')}`);
  if (!(result.redirectedChunks >= 2)) throw new Error(`the stream behind a redirect gave ${result.redirectedChunks} chunks`);
  console.log(`RESULT ${JSON.stringify({ runtime: `chromium ${browser.version()}`, ...result })}`);
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
