import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { getWeChatClient } from '@/lib/app-context/wechat-client';
import {
  guardResponse,
  isWeChatError,
  unexpectedErrorResponse,
  wechatErrorResponse,
  withErrorPage,
} from '@/lib/http/error-response';
import { checkRequest } from '@/lib/http/query-guard';
import { FALLBACK_CONTEXT, authStartPath, redirectResponse } from '@/lib/http/redirect';
import { isSecureOrigin, resolveOrigin } from '@/lib/http/request-info';
import { SESSION_COOKIE, clearSessionCookie, setSessionCookie } from '@/lib/session/cookies';
import { sanitizeReturnTo } from '@/lib/session/return-to';
import { renewSession } from '@/lib/session/renew';
import { sealSession, unsealSession } from '@/lib/session/session';

export const dynamic = 'force-dynamic';

const RULES = { returnTo: null, expired: /^1$/ } as const;

/**
 * Internal: renews the access token with the refresh token when it has expired, fetches the profile again
 * and reseals the session (server components cannot set cookies), then 303s back. When WeChat no longer
 * accepts the tokens, the user is sent through authorization again.
 */
async function refresh(request: NextRequest): Promise<Response> {
  const env = getEnv();
  const verdict = checkRequest(request, RULES);
  if (verdict !== 'ok') return guardResponse(verdict, { ...FALLBACK_CONTEXT, mock: env.mode === 'mock' });
  const origin = resolveOrigin(request, env);
  const secure = isSecureOrigin(origin);
  const returnTo = sanitizeReturnTo(request.nextUrl.searchParams.get('returnTo'));
  const session = await unsealSession(request.cookies.get(SESSION_COOKIE)?.value, env.sessionSecret);
  if (!session) return redirectResponse(`${origin}${authStartPath(returnTo)}`, 302);

  const reauthorize = authStartPath(returnTo, session.scope);
  const retryHref = `/auth/wechat/refresh?returnTo=${encodeURIComponent(returnTo)}`;
  try {
    const client = await getWeChatClient(env, origin);
    const renewed = await renewSession(client, session, {
      forceRefresh: request.nextUrl.searchParams.get('expired') === '1',
    });
    const response = redirectResponse(`${origin}${returnTo}`, 303);
    setSessionCookie(response, await sealSession(renewed, env.sessionSecret), secure);
    return response;
  } catch (error) {
    const ctx = { mock: env.mode === 'mock', restartHref: reauthorize, retryHref };
    if (!isWeChatError(error)) return unexpectedErrorResponse(ctx, error);
    if (error.kind === 'reauth' || error.kind === 'expired' || error.kind === 'restart') {
      const response = redirectResponse(`${origin}${reauthorize}`, 302);
      clearSessionCookie(response, secure);
      return response;
    }
    return wechatErrorResponse(error, ctx);
  }
}

export const GET = withErrorPage(refresh, () => FALLBACK_CONTEXT);
