import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from './content-security-policy';
import { refuseForeignRequest } from './lib/refuse-foreign-request';

/** 128 random bits: unguessable, and new for every response, so a nonce seen once is of no later use. */
function createNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

export function proxy(request: NextRequest): Response {
  // A page asked for under a name the demo does not serve (a rebound name) gets the chat routes' 403, which
  // refuse such requests themselves (lib/chat-route.ts): this proxy does not run for /api.
  const refused = refuseForeignRequest(request);
  if (refused !== undefined) return refused;
  const policy = contentSecurityPolicy(createNonce());
  // Next.js reads the nonce from the request's policy while rendering and puts it on its own scripts.
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  // Every page, any 404 too; not the API routes, whose event streams run no script (skipping them also
  // keeps the proxy from cloning their request bodies), nor the built chunks and stylesheets.
  matcher: ['/((?!api/|_next/static/).*)'],
};
