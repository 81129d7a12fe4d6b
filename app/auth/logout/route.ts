import type { NextRequest } from 'next/server';
import { routeContext, withErrorPage } from '@/lib/auth/failures';
import { isSameOriginPost, redirectResponse } from '@/lib/http/request';
import { endSession } from '@/lib/session/session';

export const dynamic = 'force-dynamic';

/** Ends the session for good and 303s home. A logout posted by another site is ignored: the session stays. */
async function logout(request: NextRequest) {
  const { env, site } = routeContext(request);
  const response = redirectResponse(`${site.origin}/`, 303);
  if (isSameOriginPost(request, site.origin)) await endSession(request, response, env, site.secure);
  return response;
}

/** A GET never ends the session (a link or an image could send one): it only goes home. */
async function home(request: NextRequest) {
  return redirectResponse(`${routeContext(request).site.origin}/`, 303);
}

export const POST = withErrorPage(logout);
export const GET = withErrorPage(home);
