import 'server-only';
import type { NextRequest, NextResponse } from 'next/server';
import { unstable_rethrow } from 'next/navigation';
import { isConfigurationError } from '@/lib/env';
import { failurePageResponse, redirectResponse, type RequestSite } from '@/lib/http';
import { clearSessionCookie } from '@/lib/session';
import { decide, type Failure, type Outcome } from './decide';

/** A route handler's answer to an outcome of decide(). */
export function respond(outcome: Outcome, site: RequestSite): NextResponse {
  if (outcome.type === 'stored-profile') throw new Error('stored-profile is an outcome for /profile only');
  const response =
    outcome.type === 'redirect'
      ? redirectResponse(`${site.origin}${outcome.to}`, outcome.status)
      : failurePageResponse(outcome.page, { ...outcome, mock: site.mock });
  if (outcome.endSession) clearSessionCookie(response, site.secure);
  return response;
}

const NOWHERE: RequestSite = { origin: '', secure: false, mock: false };

/** The answer to a failure that escaped a route handler: its 重试 repeats the same request when that can be done. */
function lastResort(failure: Failure, request: NextRequest): NextResponse {
  const { pathname, search, searchParams } = request.nextUrl;
  // A one-time code (or its state) must not sit in a link on the page; such a request cannot be repeated anyway.
  const oneTime = searchParams.has('code') || searchParams.has('state');
  const retryHref = request.method === 'GET' && !oneTime ? `${pathname}${search}` : '/';
  return respond(decide(failure, { step: 'start', signedIn: false, hop: 0, returnTo: '/profile', retryHref }), NOWHERE);
}

/**
 * Every route handler's last line of defence: a misconfigured deployment (lib/env has logged which variable)
 * or anything unexpected becomes the zh-CN apology page, never Next's bare 500 or a stack trace.
 */
export function withErrorPage<Rest extends unknown[], R extends Response>(
  handler: (request: NextRequest, ...rest: Rest) => Promise<R>,
): (request: NextRequest, ...rest: Rest) => Promise<R | NextResponse> {
  return async (request, ...rest) => {
    try {
      return await handler(request, ...rest);
    } catch (error) {
      // notFound() and redirect() work by throwing; they are answers, not failures.
      unstable_rethrow(error);
      if (isConfigurationError(error)) return lastResort({ problem: 'configuration' }, request);
      // The name only: a message or stack may quote a URL that carries the AppSecret or a token.
      console.error(
        JSON.stringify({ event: 'unexpected_error', error: error instanceof Error ? error.name : typeof error }),
      );
      return lastResort({ problem: 'unexpected' }, request);
    }
  };
}
