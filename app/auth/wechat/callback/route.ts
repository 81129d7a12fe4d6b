import { NextResponse, type NextRequest } from 'next/server';
import { getEnv } from '@/lib/env';
import { getWeChatClient } from '@/lib/app-context/wechat-client';
import {
  guardResponse,
  isWeChatError,
  problemResponse,
  unexpectedErrorResponse,
  wechatErrorResponse,
  withErrorPage,
  type AnswerContext,
} from '@/lib/http/error-response';
import { checkRequest } from '@/lib/http/query-guard';
import { FALLBACK_CONTEXT, authStartPath, redirectResponse } from '@/lib/http/redirect';
import { isSecureOrigin, resolveOrigin } from '@/lib/http/request-info';
import { STATE_COOKIE, SESSION_COOKIE, clearStateCookie, setSessionCookie } from '@/lib/session/cookies';
import { DEFAULT_RETURN_TO } from '@/lib/session/return-to';
import { sealSession, sessionFromTokens, unsealSession } from '@/lib/session/session';
import { verifyState } from '@/lib/session/state';
import { scopesIncludeUserinfo } from '@/lib/wechat/schemas';

export const dynamic = 'force-dynamic';

// WECHAT-PROTOCOL §2: codes seen are 32 letters and digits (WeCom documents up to 512 bytes). A bad state is
// left to the state check, which lets a signed-in user straight on.
const RULES = { code: /^[A-Za-z0-9_-]{1,512}$/, state: null } as const;

/** The state cookie is single-use: whatever the callback answers, it is spent. */
function withStateCleared(response: Response, secure: boolean): NextResponse {
  const next = new NextResponse(response.body, response);
  clearStateCookie(next, secure);
  return next;
}

/**
 * WeChat's redirect back: state checked against this browser's state cookie before any call to WeChat,
 * then code → token → (userinfo) → session → 303 to a clean URL, so the one-time code leaves the address bar.
 */
async function handleCallback(request: NextRequest): Promise<Response> {
  const env = getEnv();
  const origin = resolveOrigin(request, env);
  const secure = isSecureOrigin(origin);
  const params = request.nextUrl.searchParams;
  const code = params.get('code');
  const echoedState = params.get('state');
  const ctx: AnswerContext = {
    mock: env.mode === 'mock',
    restartHref: authStartPath(DEFAULT_RETURN_TO),
    retryHref: authStartPath(DEFAULT_RETURN_TO),
  };

  const verdict = checkRequest(request, RULES);
  if (verdict !== 'ok') return withStateCleared(guardResponse(verdict, ctx), secure);

  const session = await unsealSession(request.cookies.get(SESSION_COOKIE)?.value, env.sessionSecret);
  const statePayload = await verifyState(request.cookies.get(STATE_COOKIE)?.value, echoedState, env.sessionSecret);

  if (!statePayload) {
    // A replayed or doubled callback of a user who is already signed in: just carry on.
    if (session) return withStateCleared(redirectResponse(`${origin}${DEFAULT_RETURN_TO}`, 303), secure);
    return withStateCleared(problemResponse(echoedState && !code ? 'denied' : 'bad-state', ctx), secure);
  }

  const { returnTo, restarted } = statePayload;
  const restartHref = authStartPath(returnTo, statePayload.scope);
  const answerCtx: AnswerContext = { ...ctx, restartHref, retryHref: restartHref };
  // WECHAT-PROTOCOL §2: a refusal may come back as a callback with state and no code.
  if (!code) return withStateCleared(problemResponse('denied', answerCtx), secure);

  try {
    const client = await getWeChatClient(env, origin);
    const token = await client.exchangeCode(code);
    // The token's own scope decides, not the one asked for: userinfo with a base token is 48001 (WECHAT-PROTOCOL §6).
    const scope = scopesIncludeUserinfo(token.scope) ? 'snsapi_userinfo' : 'snsapi_base';
    const info = scope === 'snsapi_userinfo' ? await client.getUserInfo(token.access_token, token.openid) : null;
    const sealed = await sealSession(sessionFromTokens(token, info, scope), env.sessionSecret);
    const response = redirectResponse(`${origin}${returnTo}`, 303);
    setSessionCookie(response, sealed, secure);
    clearStateCookie(response, secure);
    return response;
  } catch (error) {
    if (!isWeChatError(error)) return withStateCleared(unexpectedErrorResponse(answerCtx, error), secure);
    if (error.kind === 'restart' && session)
      return withStateCleared(redirectResponse(`${origin}${returnTo}`, 303), secure);
    if (error.kind === 'restart' && !restarted) {
      return withStateCleared(
        redirectResponse(`${origin}${authStartPath(returnTo, statePayload.scope, true)}`, 302),
        secure,
      );
    }
    return withStateCleared(wechatErrorResponse(error, answerCtx), secure);
  }
}

export const GET = withErrorPage(handleCallback, () => FALLBACK_CONTEXT);
