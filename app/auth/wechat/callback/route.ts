import type { NextRequest } from 'next/server';
import { getEnv, type Env } from '@/lib/env';
import { decide, respond, withErrorPage, type Failure, type Situation } from '@/lib/auth';
import { checkRequest, redirectResponse, requestSite, type RequestSite } from '@/lib/http';
import { DEFAULT_RETURN_TO, consumeState, readSession, sessionFromTokens, storeSession } from '@/lib/session';
import { WeChatError, scopesIncludeUserinfo, wechatClientFor } from '@/lib/wechat';

export const dynamic = 'force-dynamic';

// WECHAT-PROTOCOL §2: codes seen are 32 letters and digits (WeCom documents up to 512 bytes). A bad state is
// left to the state check, which lets a signed-in user straight on.
const RULES = { code: /^[A-Za-z0-9_-]{1,512}$/, state: null } as const;

/**
 * WeChat's redirect back: state checked against this browser's state cookie before any call to WeChat,
 * then code → token → (userinfo) → session → 303 to a clean URL, so the one-time code leaves the address bar.
 * The state cookie is spent whatever the answer.
 */
async function callback(request: NextRequest) {
  const env = getEnv();
  const site = requestSite(request, env);
  const state = await consumeState(request, { secret: env.sessionSecret, secure: site.secure });
  const signedIn = (await readSession(request, env.sessionSecret)) !== null;
  const { hop = 0, returnTo = DEFAULT_RETURN_TO, scope } = state.payload ?? {};
  const at: Situation = { step: 'callback', signedIn, hop, returnTo, scope };
  return state.spend(await withErrorPage(signIn)(request, env, site, at, state.payload !== null));
}

async function signIn(request: NextRequest, env: Env, site: RequestSite, at: Situation, stateVerified: boolean) {
  const fail = (failure: Failure) => respond(decide(failure, at), site);
  const problem = checkRequest(request, RULES);
  if (problem) return fail({ problem });
  const code = request.nextUrl.searchParams.get('code');
  // WECHAT-PROTOCOL §2: a refusal may come back as a callback with state and no code.
  if (!code && request.nextUrl.searchParams.has('state')) return fail({ problem: 'denied', stateVerified });
  if (!code || !stateVerified) return fail({ problem: 'bad-state' });

  try {
    const client = await wechatClientFor(env, site.origin);
    const token = await client.exchangeCode(code);
    // The token's own scope decides, not the one asked for: userinfo with a base token is 48001 (WECHAT-PROTOCOL §6).
    const scope = scopesIncludeUserinfo(token.scope) ? 'snsapi_userinfo' : 'snsapi_base';
    const info = scope === 'snsapi_userinfo' ? await client.getUserInfo(token.access_token, token.openid) : null;
    const session = sessionFromTokens(token, info, scope, at.hop);
    const onward = redirectResponse(`${site.origin}${at.returnTo}`, 303);
    return storeSession(onward, session, { secret: env.sessionSecret, secure: site.secure });
  } catch (error) {
    if (!(error instanceof WeChatError)) throw error;
    return fail({ problem: 'wechat', error });
  }
}

export const GET = withErrorPage(callback);
