import type { NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { getWeChatClient } from '@/lib/app-context/wechat-client';
import { problemResponse } from '@/lib/http/error-response';
import { openInWeChatResponse } from '@/lib/http/open-in-wechat';
import { checkQuery } from '@/lib/http/query-guard';
import { redirectResponse } from '@/lib/http/redirect';
import { isSecureOrigin, isWeChatBrowser, resolveOrigin } from '@/lib/http/request-info';
import { setStateCookie } from '@/lib/session/cookies';
import { sanitizeReturnTo } from '@/lib/session/return-to';
import { generateState, sealState } from '@/lib/session/state';
import { ScopeSchema } from '@/lib/wechat/schemas';

export const dynamic = 'force-dynamic';

/** Starts WeChat web authorization: a state cookie bound to this browser, then 302 to WeChat's authorize page. */
export async function GET(request: NextRequest): Promise<Response> {
  const env = getEnv();
  const origin = resolveOrigin(request, env);
  const params = request.nextUrl.searchParams;
  const scope = ScopeSchema.safeParse(params.get('scope')).data ?? env.scope;
  const returnTo = sanitizeReturnTo(params.get('returnTo'));

  if (checkQuery(request, ['scope', 'returnTo', 'restarted']) !== 'ok') {
    return problemResponse('bad-request', { mock: env.mode === 'mock', restartHref: '/auth/wechat', retryHref: '/' });
  }
  if (env.mode !== 'mock' && !isWeChatBrowser(request.headers.get('user-agent'))) {
    return openInWeChatResponse(`${origin}${request.nextUrl.pathname}${request.nextUrl.search}`);
  }

  const state = generateState();
  const sealed = await sealState({ state, returnTo, scope, restarted: params.get('restarted') === '1' }, env.sessionSecret);
  const client = await getWeChatClient(env, origin);
  const authorizeUrl = client.authorizeUrl({ redirectUri: `${origin}/auth/wechat/callback`, scope, state });
  const response = redirectResponse(authorizeUrl, 302);
  setStateCookie(response, sealed, isSecureOrigin(origin));
  return response;
}
