import 'server-only';
import { cache } from 'react';
import { canActFor, getEnv, type Env } from '@/lib/env';
import {
  isAccessTokenExpired,
  isProfileStale,
  nowSeconds,
  withProfile,
  withRenewedToken,
  type Session,
} from '@/lib/session/session';
import { wechatClientFor } from '@/lib/wechat/client';
import { WeChatError } from '@/lib/wechat/errors';
import { toProfileView, type ProfileView } from '@/lib/wechat/profile';
import type { App, UserInfo } from '@/lib/wechat/schemas';
import { decideOnProfile } from './failures';
import { PROFILE_PATH, refreshPath, sessionHop, startPathFor } from './links';

/**
 * Renews the access token with the refresh token (a refusal throws: nothing was renewed), then fetches the profile
 * with the renewed token. `failure`: why the profile was not fetched again; the renewed session is kept even then.
 * Null when there is nothing to renew: a snapshot identity is virtual (WECHAT-PROTOCOL §3), and a website-app session
 * cannot be renewed once its app is gone.
 */
export async function renewSession(
  env: Env,
  origin: string,
  session: Session,
  hop: number,
): Promise<{ session: Session; failure?: WeChatError } | null> {
  if (session.snapshot || !canActFor(env, session.app)) return null;
  // A website-app session is renewed with the website app's AppID (WECHAT-PROTOCOL §17).
  const client = await wechatClientFor(env, origin, session.app);
  const renewed = withRenewedToken(session, await client.refreshToken(session.refreshToken), hop);
  if (renewed.scope !== 'snsapi_userinfo') return { session: renewed };
  try {
    return { session: withProfile(renewed, await client.getUserInfo(renewed.accessToken, renewed.openid)) };
  } catch (error) {
    if (!(error instanceof WeChatError)) throw error;
    return { session: renewed, failure: error };
  }
}

export type ProfileLoad =
  | { kind: 'base'; openid: string; snapshot: boolean }
  | { kind: 'full'; view: ProfileView; snapshot: boolean; outdated: boolean; app: App }
  | { kind: 'redirect'; to: string };

// The callback and the refresh route fetch the profile, then redirect here: within that one navigation the
// stored profile is as fresh as WeChat can make it, even with PROFILE_TTL_SECONDS=0 (BENCHMARKS.md).
const SAME_NAVIGATION_SECONDS = 5;

/**
 * What /profile shows for a session. Within PROFILE_TTL_SECONDS (or right after the sign-in or refresh that
 * fetched it): the stored profile, no call to WeChat. After it: one sns/userinfo call. Whatever fails goes
 * through decideOnProfile(). A snapshot session is never renewed (WECHAT-PROTOCOL §3).
 */
export const loadProfile = cache(async (session: Session): Promise<ProfileLoad> => {
  const base: ProfileLoad = { kind: 'base', openid: session.openid, snapshot: session.snapshot };
  if (session.scope === 'snsapi_base') return base;
  const stored: UserInfo | null = session.profile
    ? { openid: session.openid, unionid: session.unionid, ...session.profile }
    : null;
  const env = getEnv();
  const stale = isProfileStale(session, env.profileTtlSeconds);
  const show = (info: UserInfo | null, outdated = false): ProfileLoad =>
    info ? { kind: 'full', view: toProfileView(info), snapshot: session.snapshot, outdated, app: session.app } : base;
  const after = (failure: Parameters<typeof decideOnProfile>[0]): ProfileLoad => {
    const hop = sessionHop(session);
    const outcome = decideOnProfile(failure, hop);
    const next = { returnTo: PROFILE_PATH, hop: hop + 1 };
    if (outcome.type === 'renew') return { kind: 'redirect', to: refreshPath(next) };
    if (outcome.type === 'sign-in-again') return { kind: 'redirect', to: startPathFor(session.app, next) };
    return show(stored, stale);
  };
  const justFetched = nowSeconds() - session.fetchedAt < SAME_NAVIGATION_SECONDS;
  if (session.snapshot || (stored && justFetched)) return show(stored);
  // A website-app session outlives a deployment whose WECHAT_OPEN_APPID was removed: nothing can renew it there.
  if (!canActFor(env, session.app)) return show(stored, stale);
  // A userinfo session without its profile (an older cookie) is renewed like an expired one, within the same bound.
  if (!stored || isAccessTokenExpired(session)) return after({ problem: 'token-expired' });
  if (!stale) return show(stored);
  try {
    const client = await wechatClientFor(env, env.appBaseUrl ?? '', session.app);
    const fresh = await client.getUserInfo(session.accessToken, session.openid);
    return show({ ...fresh, unionid: fresh.unionid ?? session.unionid });
  } catch (error) {
    if (!(error instanceof WeChatError)) throw error;
    return after({ problem: 'wechat', error });
  }
});
