import type { NextRequest } from 'next/server';
import { failureOf, failureResponse, routeContext, withErrorPage, type Situation } from '@/lib/auth/failures';
import { HOP_PARAMETER, sanitizeReturnTo, signInPath } from '@/lib/auth/links';
import { renewSession } from '@/lib/auth/renewal';
import { checkRequest, redirectResponse } from '@/lib/http/request';
import { readSession, storeSession } from '@/lib/session/session';

export const dynamic = 'force-dynamic';

const RULES = { returnTo: null, hop: HOP_PARAMETER } as const;

/**
 * Internal, where /profile sends an expired access token: renews it with the refresh token, fetches the profile
 * again and reseals the session (server components cannot set cookies), then 303s back. The renewed token is
 * kept even when the profile could not be fetched; when WeChat refuses the tokens, the session ends.
 */
async function refresh(request: NextRequest) {
  const { env, site } = routeContext(request);
  const params = request.nextUrl.searchParams;
  const returnTo = sanitizeReturnTo(params.get('returnTo'));
  const session = await readSession(request, env);
  const hop = Number(params.get('hop') ?? 0);
  const at: Situation = { step: 'refresh', signedIn: !!session, hop, returnTo, app: session?.app };
  const problem = checkRequest(request, RULES);
  if (problem) return failureResponse({ problem }, at, site);
  if (!session) return redirectResponse(`${site.origin}${signInPath({ returnTo })}`, 302);

  const back = redirectResponse(`${site.origin}${returnTo}`, 303);
  const withScope = { ...at, scope: session.app === 'wecom' ? undefined : session.scope };
  try {
    const renewal = await renewSession(env, site.origin, session, hop);
    if (!renewal) return back;
    const renewed = { session: renewal.session, secret: env.sessionSecret };
    if (!renewal.failure) return storeSession(back, renewed.session, { ...renewed, secure: site.secure });
    return failureResponse({ problem: 'wechat', error: renewal.failure }, withScope, site, renewed);
  } catch (error) {
    return failureResponse(failureOf(error), withScope, site);
  }
}

export const GET = withErrorPage(refresh);
