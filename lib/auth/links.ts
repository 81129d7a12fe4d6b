import 'server-only';
import type { Scope } from '@/lib/wechat';

export const PROFILE_PATH = '/profile';
/** The redirect_uri WeChat sends the user back to, on this deployment's origin. */
export const CALLBACK_PATH = '/auth/wechat/callback';

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
