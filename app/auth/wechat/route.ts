import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { getWeChatClient } from '@/lib/app-context/wechat-client';
import { guardResponse, withErrorPage } from '@/lib/http/error-response';
import { openInWeChatResponse } from '@/lib/http/open-in-wechat';
import { checkRequest } from '@/lib/http/query-guard';
import { FALLBACK_CONTEXT, authStartPath, redirectResponse } from '@/lib/http/redirect';
import { isSecureOrigin, isWeChatBrowser, resolveOrigin } from '@/lib/http/request-info';
import { setStateCookie } from '@/lib/session/cookies';
import { sanitizeReturnTo } from '@/lib/session/return-to';
import { generateState, sealState } from '@/lib/session/state';
import { ScopeSchema } from '@/lib/wechat/schemas';

export const dynamic = 'force-dynamic';

const RULES = { scope: null, returnTo: null, restarted: null } as const;

/** Starts WeChat web authorization: a state cookie bound to this browser, then 302 to WeChat's authorize page. */
async function start(request: NextRequest): Promise<Response> {
  const env = getEnv();
  const verdict = checkRequest(request, RULES);
  if (verdict !== 'ok')
    return guardResponse(verdict, { mock: env.mode === 'mock', restartHref: '/auth/wechat', retryHref: '/' });

  const origin = resolveOrigin(request, env);
  const params = request.nextUrl.searchParams;
  const requestedScope = ScopeSchema.safeParse(params.get('scope')).data;
  const scope = requestedScope ?? env.scope;
  const returnTo = sanitizeReturnTo(params.get('returnTo'));
  if (env.mode !== 'mock' && !isWeChatBrowser(request.headers.get('user-agent'))) {
    // The QR code carries the cleaned-up link, never whatever else the query held.
    return openInWeChatResponse(`${origin}${authStartPath(returnTo, requestedScope)}`);
  }

  const state = generateState();
  const sealed = await sealState(
    { state, returnTo, scope, restarted: params.get('restarted') === '1' },
    env.sessionSecret,
  );
  const client = await getWeChatClient(env, origin);
  const authorizeUrl = client.authorizeUrl({ redirectUri: `${origin}/auth/wechat/callback`, scope, state });
  const response = redirectResponse(authorizeUrl, 302);
  setStateCookie(response, sealed, isSecureOrigin(origin));
  return response;
}

export const GET = withErrorPage(start, () => FALLBACK_CONTEXT);
