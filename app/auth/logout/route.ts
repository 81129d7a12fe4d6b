import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { redirectResponse } from '@/lib/http/redirect';
import { isSameOriginPost, isSecureOrigin, resolveOrigin } from '@/lib/http/request-info';
import { clearSessionCookie } from '@/lib/session/cookies';

export const dynamic = 'force-dynamic';

/** Ends the session and 303s home. A logout posted by another site is ignored: the session stays. */
export async function POST(request: NextRequest): Promise<Response> {
  const origin = resolveOrigin(request, getEnv());
  const response = redirectResponse(`${origin}/`, 303);
  if (!isSameOriginPost(request, origin)) return response;
  clearSessionCookie(response, isSecureOrigin(origin));
  return response;
}

export function GET(request: NextRequest): Response {
  return redirectResponse(`${resolveOrigin(request, getEnv())}/`, 303);
}
