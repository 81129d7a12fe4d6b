import { NextResponse } from 'next/server';
import { NO_STORE } from './security-headers';

/** A redirect that no cache keeps: every auth redirect carries a one-time code, state or session change. */
export function redirectResponse(url: string, status: 302 | 303): NextResponse {
  const response = NextResponse.redirect(url, status);
  response.headers.set('cache-control', NO_STORE);
  return response;
}

export function authStartPath(returnTo: string, scope?: string, restarted = false): string {
  const params = new URLSearchParams();
  if (scope) params.set('scope', scope);
  params.set('returnTo', returnTo);
  if (restarted) params.set('restarted', '1');
  return `/auth/wechat?${params.toString()}`;
}

/** For an answer given before (or without) the configuration: start over from the profile. */
export const FALLBACK_CONTEXT = {
  mock: false,
  restartHref: authStartPath('/profile'),
  retryHref: authStartPath('/profile'),
} as const;
