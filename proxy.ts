import { NextResponse, type NextRequest } from 'next/server';
import { isDevelopment } from '@/lib/env/schema';
import { STATIC_SECURITY_HEADERS, contentSecurityPolicy } from '@/lib/http/security-headers';

/** Security headers on every answer, and a fresh CSP nonce per request for Next's inline scripts. */
export function proxy(request: NextRequest): NextResponse {
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, isDevelopment());
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: '/((?!_next/static|_next/image|styles/|favicon.ico|icon).*)' }],
};
