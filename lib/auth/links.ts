import 'server-only';
import type { App, Scope } from '@/lib/wechat';
import { signRelayTarget } from './relay-signature';

export const PROFILE_PATH = '/profile';
/** The redirect_uri WeChat sends the user back to, on this deployment's origin. */
export const CALLBACK_PATH = '/auth/wechat/callback';

/** On the deployment whose host is the 网页授权域名: forwards WeChat's answer to the deployment a signed link names. */
export const RELAY_PATH = '/auth/wechat/relay';

/**
 * The redirect_uri for WeChat: this deployment's callback, or, with WECHAT_AUTH_RELAY_URL, a signed link to that
 * deployment's relay that names this origin (WECHAT-PROTOCOL §16). WeChat appends code and state to it.
 */
export function redirectUriFor(origin: string, authRelay: { url: string; secret: string } | null): string {
  if (!authRelay) return `${origin}${CALLBACK_PATH}`;
  const target = new URL(origin).origin;
  const sig = signRelayTarget(target, authRelay.secret);
  return `${authRelay.url}${RELAY_PATH}?to=${encodeURIComponent(target)}&sig=${sig}`;
}

/** /auth/wechat/qr: a sign-in through the website app, by scanning a QR code in a desktop browser. */
export const QR_PATH = '/auth/wechat/qr';

type Start = { returnTo?: string; scope?: Scope; hop?: number };

function startLink(path: string, { returnTo = PROFILE_PATH, scope, hop = 0 }: Start): string {
  const params = new URLSearchParams();
  if (scope) params.set('scope', scope);
  params.set('returnTo', returnTo);
  if (hop > 0) params.set('hop', String(hop));
  return `${path}?${params.toString()}`;
}

/** /auth/wechat: starts a sign-in. `hop` > 0 marks one the app started by itself (lib/auth/hops.ts). */
export function signInPath(start: Start = {}): string {
  return startLink('/auth/wechat', start);
}

/** /auth/wechat/qr: starts a website-app sign-in; the website app has one scope, so none is named. */
export function qrSignInPath({ returnTo, hop }: Start = {}): string {
  return startLink(QR_PATH, { returnTo, hop });
}

/** Where a sign-in through `app` starts (again). */
export function startPathFor(app: App, start: Start = {}): string {
  return app === 'open' ? qrSignInPath(start) : signInPath(start);
}

/** /auth/wechat/refresh: renews the access token with the refresh token and fetches the profile again. */
export function refreshPath({ returnTo, hop }: { returnTo?: string; hop?: number } = {}): string {
  return startLink('/auth/wechat/refresh', { returnTo, hop });
}

/** Where a snsapi_base session asks for the full profile. */
export const UPGRADE_TO_USERINFO_PATH = signInPath({ scope: 'snsapi_userinfo' });
