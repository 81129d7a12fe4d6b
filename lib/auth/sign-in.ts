import 'server-only';
import type { NextRequest, NextResponse } from 'next/server';
import { canActFor, type Env } from '@/lib/env';
import { openInWeChatResponse } from '@/lib/http/open-in-wechat';
import { checkRequest, isPhoneBrowser, isWeChatBrowser, redirectResponse } from '@/lib/http/request';
import { RefuseSignIn, onSignIn } from '@/lib/on-sign-in';
import { sessionFromTokens, type Session } from '@/lib/session/session';
import { createState } from '@/lib/session/state';
import { backendFor } from '@/lib/wechat/backend';
import { wechatClientFor } from '@/lib/wechat/client';
import { ScopeSchema, scopesIncludeUserinfo, type App } from '@/lib/wechat/schemas';
import { failureResponse, routeContext } from './failures';
import { HOP_PARAMETER, qrSignInPath, sanitizeReturnTo, signInPath } from './links';
import { redirectUriFor } from './relay';

const RULES = { scope: null, returnTo: null, hop: HOP_PARAMETER } as const;

/** A state cookie naming `app`, then 302 to its page (WECHAT-PROTOCOL §1, §17); outside WeChat (§12), a page. */
export async function startSignIn(request: NextRequest, app: App): Promise<NextResponse> {
  const { env, site } = routeContext(request);
  const params = request.nextUrl.searchParams;
  const returnTo = sanitizeReturnTo(params.get('returnTo'));
  const at = { step: 'start', signedIn: false, hop: 0, returnTo, app } as const;
  if (!canActFor(env, app)) return failureResponse({ problem: 'qr-off' }, at, site);
  const problem = checkRequest(request, RULES);
  if (problem) return failureResponse({ problem }, at, site);
  const scope = ScopeSchema.safeParse(params.get('scope')).data;
  const userAgent = request.headers.get('user-agent');
  if (app === 'mp' && !backendFor(env).signsInAnyBrowser && !isWeChatBrowser(userAgent)) {
    // The QR code carries the cleaned-up link, never whatever else the query held.
    const link = `${site.origin}${signInPath({ returnTo, scope })}`;
    const qrSignInHref = env.openApp ? qrSignInPath({ returnTo }) : null;
    return openInWeChatResponse(link, { qrSignInHref, desktop: !isPhoneBrowser(userAgent) });
  }
  // WECHAT-PROTOCOL §17: snsapi_login grants what snsapi_userinfo does, so that is what a website-app state records.
  const granted = app === 'open' ? 'snsapi_userinfo' : (scope ?? env.scope);
  const payload = { returnTo, scope: granted, hop: Number(params.get('hop') ?? 0), app };
  const { state, bind } = await createState(payload, { secret: env.sessionSecret, secure: site.secure });
  const client = await wechatClientFor(env, site.origin, app);
  const redirectUri = redirectUriFor(site.origin, env.authRelay);
  const url =
    app === 'open'
      ? client.qrConnectUrl({ redirectUri, state })
      : client.authorizeUrl({ redirectUri, scope: granted, state });
  return bind(redirectResponse(url, 302));
}

export async function sessionForCode(
  env: Env,
  origin: string,
  code: string,
  { app, hop }: { app: App; hop: number },
): Promise<Session> {
  const client = await wechatClientFor(env, origin, app);
  const token = await client.exchangeCode(code);
  // The token's own scope decides, not the one asked for: userinfo with a base token is 48001 (WECHAT-PROTOCOL §6).
  const granted = scopesIncludeUserinfo(token.scope) ? 'snsapi_userinfo' : 'snsapi_base';
  const info = granted === 'snsapi_userinfo' ? await client.getUserInfo(token.access_token, token.openid) : null;
  return sessionFromTokens(token, info, granted, hop, app);
}

/** False when the app turned the sign-in away; any other failure of the app's is logged and the sign-in goes on. */
export async function announceSignIn(session: Session): Promise<boolean> {
  if (session.snapshot) return true;
  const { app, openid, unionid, profile } = session;
  try {
    await onSignIn({ app, openid, ...(unionid ? { unionid } : {}), ...(profile ? { profile } : {}), snapshot: false });
    return true;
  } catch (error) {
    // By name as well: a second copy of the module (another bundle) has a class of its own.
    if (error instanceof RefuseSignIn || (error instanceof Error && error.name === 'RefuseSignIn')) return false;
    // The name only: a message may quote whatever the app had at hand, a token included.
    const name = error instanceof Error ? error.name : typeof error;
    console.error(JSON.stringify({ event: 'on_sign_in_failed', app, error: name }));
    return true;
  }
}
