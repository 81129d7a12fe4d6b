import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { redirectResponse } from '@/lib/http/redirect';
import { isSecureOrigin, resolveOrigin } from '@/lib/http/request-info';
import { clearSessionCookie } from '@/lib/session/cookies';

export const dynamic = 'force-dynamic';

/** Ends the session and 303s home. A cross-site POST (login CSRF's twin) is ignored: the session stays. */
export async function POST(request: NextRequest): Promise<Response> {
  const env = getEnv();
  const origin = resolveOrigin(request, env);
  const requestOrigin = request.headers.get('origin');
  const response = redirectResponse(`${origin}/`, 303);
  if (requestOrigin && requestOrigin !== 'null' && requestOrigin !== origin) return response;
  clearSessionCookie(response, isSecureOrigin(origin));
  return response;
}

export function GET(request: NextRequest): Response {
  return redirectResponse(`${resolveOrigin(request, getEnv())}/`, 303);
}
