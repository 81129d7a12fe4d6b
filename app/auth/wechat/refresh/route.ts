import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import {
  HOP_PARAMETER,
  decide,
  hopFromQuery,
  renewSession,
  respond,
  signInPath,
  withErrorPage,
  type Situation,
} from '@/lib/auth';
import { checkRequest, redirectResponse, requestSite } from '@/lib/http';
import { readSession, sanitizeReturnTo, storeSession } from '@/lib/session';
import { WeChatError, canActFor, wechatClientFor } from '@/lib/wechat';

export const dynamic = 'force-dynamic';

const RULES = { returnTo: null, hop: HOP_PARAMETER } as const;

/**
 * Internal, where /profile sends an expired access token: renews it with the refresh token, fetches the profile
 * again and reseals the session (server components cannot set cookies), then 303s back. The renewed token is
 * kept even when the profile could not be fetched; when WeChat refuses the tokens, the session ends.
 */
async function refresh(request: NextRequest) {
  const env = getEnv();
  const site = requestSite(request, env);
  const params = request.nextUrl.searchParams;
  const returnTo = sanitizeReturnTo(params.get('returnTo'));
  const session = await readSession(request, env.sessionSecret);
  const hop = hopFromQuery(params.get('hop'));
  const at: Situation = { step: 'refresh', signedIn: !!session, hop, returnTo, app: session?.app };
  const problem = checkRequest(request, RULES);
  if (problem) return respond(decide({ problem }, at), site);
  if (!session) return redirectResponse(`${site.origin}${signInPath({ returnTo })}`, 302);
  // WECHAT-PROTOCOL §3: a snapshot identity is virtual, never renewed; a website-app one cannot be without the app.
  if (session.snapshot || !canActFor(env, session.app)) return redirectResponse(`${site.origin}${returnTo}`, 303);

  const cookie = { secret: env.sessionSecret, secure: site.secure };
  const fail = (error: WeChatError) => decide({ problem: 'wechat', error }, { ...at, scope: session.scope });
  try {
    // A website-app session is renewed with the website app's AppID (WECHAT-PROTOCOL §17).
    const renewal = await renewSession(await wechatClientFor(env, site.origin, session.app), session, hop);
    if (!renewal.failure)
      return storeSession(redirectResponse(`${site.origin}${returnTo}`, 303), renewal.session, cookie);
    const outcome = fail(renewal.failure);
    return outcome.endSession ? respond(outcome, site) : storeSession(respond(outcome, site), renewal.session, cookie);
  } catch (error) {
    if (!(error instanceof WeChatError)) throw error;
    return respond(fail(error), site);
  }
}

export const GET = withErrorPage(refresh);
