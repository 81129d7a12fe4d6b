import 'server-only';
import { NextResponse } from 'next/server';
import { NO_STORE } from './security-headers';

/** A redirect that no cache keeps: every auth redirect carries a one-time code, state or session change. */
export function redirectResponse(url: string, status: 302 | 303): NextResponse {
  const response = NextResponse.redirect(url, status);
  response.headers.set('cache-control', NO_STORE);
  return response;
}
