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
import { ScopeSchema, scopesIncludeUserinfo, type App, type Scope } from '@/lib/wechat/schemas';
import { failureResponse, routeContext, type RequestSite } from './failures';
import { HOP_PARAMETER, hopFromQuery, qrSignInPath, sanitizeReturnTo, signInPath } from './links';
import { redirectUriFor } from './relay';

const RULES = { scope: null, returnTo: null, hop: HOP_PARAMETER } as const;

/** What a sign-in route has read from its request, under the rules every sign-in route shares. */
export interface SignInStart {
  env: Env;
  site: RequestSite;
  /** A same-site path; anything else has become /profile. */
  returnTo: string;
  /** The scope the link asked for, if it named a valid one. */
  scope: Scope | undefined;
  hop: number;
}

/**
 * Reads a sign-in request (/auth/wechat, or /auth/wechat/qr for the website app), or answers one that breaks the
 * routes' rules with a page whose way to start over goes through the same app.
 */
export async function readSignInStart(
  request: NextRequest,
  app: App,
): Promise<{ start: SignInStart } | { answer: NextResponse }> {
  const { env, site } = routeContext(request);
  const params = request.nextUrl.searchParams;
  const returnTo = sanitizeReturnTo(params.get('returnTo'));
  const at = { step: 'start', signedIn: false, hop: 0, returnTo, app } as const;
  // Without a website app the QR route does not exist, whatever its query.
  if (!canActFor(env, app)) return { answer: await failureResponse({ problem: 'qr-off' }, at, site) };
  const problem = checkRequest(request, RULES);
  if (problem) return { answer: await failureResponse({ problem }, at, site) };
  const scope = ScopeSchema.safeParse(params.get('scope')).data;
  return { start: { env, site, returnTo, scope, hop: hopFromQuery(params.get('hop')) } };
}

/**
 * Outside WeChat's browser the authorize page cannot work (WECHAT-PROTOCOL §12): the page that says so, with a QR
 * code of the link to open in WeChat and, where a website app is configured, 微信扫码登录. Null where a sign-in can
 * start: in WeChat, or anywhere with the built-in mock.
 */
export async function openInWeChatInstead(request: NextRequest, { env, site, returnTo, scope }: SignInStart) {
  const userAgent = request.headers.get('user-agent');
  if (backendFor(env).signsInAnyBrowser || isWeChatBrowser(userAgent)) return null;
  // The QR code carries the cleaned-up link, never whatever else the query held.
  const link = `${site.origin}${signInPath({ returnTo, scope })}`;
  const qrSignInHref = env.openApp ? qrSignInPath({ returnTo }) : null;
  return openInWeChatResponse(link, { qrSignInHref, desktop: !isPhoneBrowser(userAgent) });
}

/**
 * A state cookie bound to this browser that records which app starts the sign-in, then 302 to that app's page:
 * the service account's authorize page, or the website app's QR page (WECHAT-PROTOCOL §17).
 */
export async function redirectToWeChat({ env, site, returnTo, scope, hop }: SignInStart, app: App) {
  // WECHAT-PROTOCOL §17: snsapi_login grants what snsapi_userinfo does, so that is what a website-app state records.
  const granted = app === 'open' ? 'snsapi_userinfo' : (scope ?? env.scope);
  const cookie = { secret: env.sessionSecret, secure: site.secure };
  const { state, bind } = await createState({ returnTo, scope: granted, hop, app }, cookie);
  const client = await wechatClientFor(env, site.origin, app);
  const redirectUri = redirectUriFor(site.origin, env.authRelay);
  const url =
    app === 'open'
      ? client.qrConnectUrl({ redirectUri, state })
      : client.authorizeUrl({ redirectUri, scope: granted, state });
  return bind(redirectResponse(url, 302));
}

/**
 * The code → token → (userinfo) exchange with the credentials of the app that started the sign-in. A WeChat
 * error is thrown for lib/auth/failures.ts to judge.
 */
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

/**
 * Tells the app about a completed sign-in (lib/on-sign-in.ts), never about a snapshot user's. False when the app
 * turned it away; any other failure of the app's is logged and the sign-in keeps its session.
 */
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
