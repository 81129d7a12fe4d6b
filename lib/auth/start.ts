import 'server-only';
import type { NextRequest, NextResponse } from 'next/server';
import { getEnv, type Env } from '@/lib/env';
import { checkRequest, redirectResponse, requestSite, type RequestSite } from '@/lib/http';
import { createState, sanitizeReturnTo } from '@/lib/session';
import { ScopeSchema, canActFor, wechatClientFor, type App, type Scope } from '@/lib/wechat';
import { decide } from './decide';
import { HOP_PARAMETER, hopFromQuery } from './hops';
import { redirectUriFor } from './links';
import { respond } from './respond';

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
export function readSignInStart(request: NextRequest, app: App): { start: SignInStart } | { answer: NextResponse } {
  const env = getEnv();
  const site = requestSite(request, env);
  const params = request.nextUrl.searchParams;
  const returnTo = sanitizeReturnTo(params.get('returnTo'));
  const at = { step: 'start', signedIn: false, hop: 0, returnTo, app } as const;
  // Without a website app the QR route does not exist, whatever its query.
  if (!canActFor(env, app)) return { answer: respond(decide({ problem: 'qr-off' }, at), site) };
  const problem = checkRequest(request, RULES);
  if (problem) return { answer: respond(decide({ problem }, at), site) };
  const scope = ScopeSchema.safeParse(params.get('scope')).data;
  return { start: { env, site, returnTo, scope, hop: hopFromQuery(params.get('hop')) } };
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
