import 'server-only';
import { cache } from 'react';
import { getEnv } from '@/lib/env';
import { isAccessTokenExpired, isProfileStale, nowSeconds, type Session } from '@/lib/session';
import {
  WeChatError,
  canActFor,
  toProfileView,
  wechatClientFor,
  type App,
  type ProfileView,
  type UserInfo,
} from '@/lib/wechat';
import { decide, type Failure } from './decide';
import { sessionHop } from './hops';
import { PROFILE_PATH } from './links';

export type ProfileLoad =
  | { kind: 'base'; openid: string; snapshot: boolean }
  | { kind: 'full'; view: ProfileView; snapshot: boolean; outdated: boolean; app: App }
  | { kind: 'redirect'; to: string };

// The callback and the refresh route fetch the profile, then redirect here: within that one navigation the
// stored profile is as fresh as WeChat can make it, even with PROFILE_TTL_SECONDS=0 (BENCHMARKS.md).
const SAME_NAVIGATION_SECONDS = 5;

function storedInfo(session: Session): UserInfo | null {
  if (!session.profile) return null;
  return { openid: session.openid, unionid: session.unionid, ...session.profile };
}

/**
 * What /profile shows for a session. Within PROFILE_TTL_SECONDS (or right after the sign-in or refresh that
 * fetched it): the stored profile, no call to WeChat. After it: one sns/userinfo call. Whatever fails goes
 * through decide(): a renewal through the refresh route (which can store the renewed token), a new sign-in,
 * or the stored profile marked as possibly outdated. A snapshot session is never renewed (WECHAT-PROTOCOL §3).
 */
export const loadProfile = cache(async (session: Session): Promise<ProfileLoad> => {
  const base: ProfileLoad = { kind: 'base', openid: session.openid, snapshot: session.snapshot };
  if (session.scope === 'snsapi_base') return base;
  const stored = storedInfo(session);
  const env = getEnv();
  const stale = isProfileStale(session, env.profileTtlSeconds);
  const show = (info: UserInfo | null, outdated = false): ProfileLoad =>
    info ? { kind: 'full', view: toProfileView(info), snapshot: session.snapshot, outdated, app: session.app } : base;
  const after = (failure: Failure): ProfileLoad => {
    const outcome = decide(failure, {
      step: 'profile',
      signedIn: true,
      hop: sessionHop(session),
      returnTo: PROFILE_PATH,
      app: session.app,
    });
    if (outcome.type === 'redirect') return { kind: 'redirect', to: outcome.to };
    return show(stored, stale);
  };
  const justFetched = nowSeconds() - session.fetchedAt < SAME_NAVIGATION_SECONDS;
  if (session.snapshot || (stored && justFetched)) return show(stored);
  // A website-app session outlives a deployment whose WECHAT_OPEN_APPID was removed: nothing can renew it there.
  if (!canActFor(env, session.app)) return show(stored, stale);
  // A userinfo session without its profile (an older cookie) is renewed like an expired one: the refresh route
  // fetches the profile, within the same bound on automatic hops.
  if (!stored) return after({ problem: 'token-expired' });
  if (isAccessTokenExpired(session)) return after({ problem: 'token-expired' });
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
