import 'server-only';
import type { Scope } from '@/lib/wechat';
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

/** /auth/wechat: starts a sign-in. `hop` > 0 marks one the app started by itself (lib/auth/hops.ts). */
export function signInPath({
  returnTo = PROFILE_PATH,
  scope,
  hop = 0,
}: { returnTo?: string; scope?: Scope; hop?: number } = {}): string {
  const params = new URLSearchParams();
  if (scope) params.set('scope', scope);
  params.set('returnTo', returnTo);
  if (hop > 0) params.set('hop', String(hop));
  return `/auth/wechat?${params.toString()}`;
}

/** /auth/wechat/refresh: renews the access token with the refresh token and fetches the profile again. */
export function refreshPath({ returnTo = PROFILE_PATH, hop = 0 }: { returnTo?: string; hop?: number } = {}): string {
  const params = new URLSearchParams({ returnTo });
  if (hop > 0) params.set('hop', String(hop));
  return `/auth/wechat/refresh?${params.toString()}`;
}

/** Where a snsapi_base session asks for the full profile. */
export const UPGRADE_TO_USERINFO_PATH = signInPath({ scope: 'snsapi_userinfo' });
