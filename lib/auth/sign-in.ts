import 'server-only';
import type { NextRequest, NextResponse } from 'next/server';
import { canActFor, type Env } from '@/lib/env';
import { openInWeChatResponse } from '@/lib/http/open-in-wechat';
import { checkRequest, isPhoneBrowser, isWeChatBrowser, isWeComBrowser, redirectResponse } from '@/lib/http/request';
import { RefuseSignIn, onSignIn } from '@/lib/on-sign-in';
import { sessionForMember, sessionFromTokens, type Session } from '@/lib/session/session';
import { createState } from '@/lib/session/state';
import { backendFor } from '@/lib/wechat/backend';
import { wechatClientFor } from '@/lib/wechat/client';
import { ScopeSchema, scopesIncludeUserinfo, type App, type Scope } from '@/lib/wechat/schemas';
import { weComClientFor, weComStartUrl } from '@/lib/wechat/wecom';
import { failureResponse, routeContext } from './failures';
import { HOP_PARAMETER, landingPath, qrSignInPath, sanitizeReturnTo } from './links';
import { redirectUriFor } from './relay';

const RULES = { scope: null, returnTo: null, hop: HOP_PARAMETER } as const;

/**
 * A state cookie naming `app`, then 302 to its page (WECHAT-PROTOCOL §1, §17, §19); outside WeChat (§12), a page.
 * In WeCom's browser every start is WeCom's, which authorizes in place (§19.1); elsewhere WeCom's is its web login.
 */
export async function startSignIn(request: NextRequest, asked: App): Promise<NextResponse> {
  const { env, site } = routeContext(request);
  const params = request.nextUrl.searchParams;
  const userAgent = request.headers.get('user-agent');
  const inWeCom = isWeComBrowser(userAgent);
  const app = asked === 'mp' && inWeCom && env.wecom ? 'wecom' : asked;
  const returnTo = sanitizeReturnTo(params.get('returnTo'));
  const at = { step: 'start', signedIn: false, hop: 0, returnTo, app } as const;
  if (!canActFor(env, app)) return failureResponse({ problem: 'qr-off' }, at, site);
  const problem = checkRequest(request, RULES);
  if (problem) return failureResponse({ problem }, at, site);
  const scope = ScopeSchema.safeParse(params.get('scope')).data;
  if (app === 'mp' && !backendFor(env).signsInAnyBrowser && !isWeChatBrowser(userAgent)) {
    // WECHAT-PROTOCOL §3: the QR code and the link lead to the landing page, where the user's own tap signs in; a link
    // that asks for snsapi_userinfo as it opens would land a user who opens it from a chat on the snapshot page.
    const link = `${site.origin}${landingPath(returnTo)}`;
    const qrSignInHref = env.openApp ? qrSignInPath({ returnTo }) : null;
    return openInWeChatResponse(link, { qrSignInHref, desktop: !isPhoneBrowser(userAgent) });
  }
  // WECHAT-PROTOCOL §17: snsapi_login grants what snsapi_userinfo does, so that is what a website-app state records.
  // WeCom's scope is WECOM_SCOPE's, never the link's; its restart links name none.
  const granted = app === 'mp' ? (scope ?? env.scope) : 'snsapi_userinfo';
  const payload = { returnTo, scope: granted, hop: Number(params.get('hop') ?? 0), app };
  const { state, bind } = await createState(request, payload, { secret: env.sessionSecret, secure: site.secure });
  const redirectUri = redirectUriFor(site.origin, env.authRelay);
  return bind(
    redirectResponse(await startUrl(env, site.origin, app, { redirectUri, state, scope: granted, inWeCom }), 302),
  );
}

async function startUrl(
  env: Env,
  origin: string,
  app: App,
  { inWeCom, scope, ...link }: { redirectUri: string; state: string; scope: Scope; inWeCom: boolean },
): Promise<string> {
  if (app === 'wecom') return weComStartUrl(env, origin, { ...link, inWeCom });
  const client = await wechatClientFor(env, origin, app);
  return app === 'open' ? client.qrConnectUrl(link) : client.authorizeUrl({ ...link, scope });
}

export async function sessionForCode(
  env: Env,
  origin: string,
  code: string,
  { app, hop }: { app: App; hop: number },
): Promise<Session | null> {
  if (app === 'wecom') {
    const member = await (await weComClientFor(env)).memberForCode(code);
    return member && sessionForMember(member, hop);
  }
  const client = await wechatClientFor(env, origin, app);
  const token = await client.exchangeCode(code);
  // The token's own scope decides, not the one asked for: userinfo with a base token is 48001 (WECHAT-PROTOCOL §6).
  const granted = scopesIncludeUserinfo(token.scope) ? 'snsapi_userinfo' : 'snsapi_base';
  const info = granted === 'snsapi_userinfo' ? await client.getUserInfo(token.access_token, token.openid) : null;
  return sessionFromTokens(token, info, granted, hop, app);
}

/** False when the app turned the sign-in away; any other failure of the app's is logged and the sign-in goes on. */
export async function announceSignIn(session: Session): Promise<boolean> {
  if (session.app !== 'wecom' && session.snapshot) return true;
  const { app } = session;
  try {
    if (session.app === 'wecom')
      await onSignIn({ app: 'wecom', userid: session.member.userid, member: session.member });
    else {
      const { openid, unionid, profile } = session;
      await onSignIn({
        app: session.app,
        openid,
        ...(unionid ? { unionid } : {}),
        ...(profile ? { profile } : {}),
        snapshot: false,
      });
    }
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
