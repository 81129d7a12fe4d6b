import { NextResponse, type NextRequest } from 'next/server';
import { isDevelopment } from '@/lib/env/schema';
import { NO_STORE, securityHeaders } from '@/lib/http/security-headers';

const PERSONAL_PATHS = /^\/profile(\/|$)/;

/** Security headers on every answer, and a fresh CSP nonce per request for Next's inline scripts. */
export function proxy(request: NextRequest): NextResponse {
  const nonce = btoa(crypto.randomUUID());
  const headers = securityHeaders(request.nextUrl.pathname, nonce, isDevelopment());
  const csp = headers['Content-Security-Policy'] as string;
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  // Next reads the nonce for its own scripts from the request's CSP header.
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  if (PERSONAL_PATHS.test(request.nextUrl.pathname)) response.headers.set('Cache-Control', NO_STORE);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|styles/|scripts/|favicon.ico|icon.svg).*)' }],
};
