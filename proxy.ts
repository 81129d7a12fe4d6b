import { NextResponse, type NextRequest } from 'next/server';
import { loadConfig } from '@/lib/env';
import { NO_STORE, STATIC_PAGE_POLICY, securityHeaders } from '@/lib/http/headers';
import { failurePageResponse } from '@/lib/http/pages';

const PERSONAL_PATHS = /^\/profile(\/|$)/;

/**
 * A misconfigured deployment answers every page with the zh-CN apology (500); lib/env has logged which variable,
 * once (route handlers do the same through withErrorPage). Without this a page would fail inside the root layout,
 * which Next renders as an empty document.
 */
function misconfigured(): NextResponse {
  const response = failurePageResponse('misconfigured', {
    status: 500,
    banner: null,
    restartHref: '/',
    retryHref: '/',
  });
  response.headers.set('Content-Security-Policy', STATIC_PAGE_POLICY);
  return response;
}

/**
 * Pages only: the security headers, and a fresh CSP nonce per request for Next's inline scripts. Route handlers
 * and static files are left alone (lib/http/headers.ts, PROXY_SKIPS); next.config gives them theirs.
 */
export function proxy(request: NextRequest): NextResponse {
  const config = loadConfig();
  if (!config.ok) return misconfigured();
  const nonce = btoa(crypto.randomUUID());
  const headers = securityHeaders(nonce, config.env.development);
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
  matcher: [
    {
      source:
        '/((?!_next/static|_next/image|styles/|scripts/|favicon.ico|icon.svg|share-icon.png|auth/|api/|mock-wechat/|mp-verify/|MP_verify_).*)',
    },
  ],
};
