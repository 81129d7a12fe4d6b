import 'server-only';
import { cache } from 'react';
import { canActFor, getEnv, type Env } from '@/lib/env';
import { nowSeconds, withProfile, type Session, type WeChatSession, type WeComSession } from '@/lib/session/session';
import { StoreUnavailableError } from '@/lib/store';
import { accountFor } from '@/lib/wechat/account';
import { wechatClientFor } from '@/lib/wechat/client';
import { WeChatError } from '@/lib/wechat/errors';
import {
  toFollowView,
  toMemberView,
  toProfileView,
  type FollowView,
  type MemberView,
  type ProfileView,
} from '@/lib/wechat/profile';
import { weComClientFor } from '@/lib/wechat/wecom';
import type { App, UserInfo } from '@/lib/wechat/schemas';
import { decideOnProfile } from './failures';
import { PROFILE_PATH, refreshPath, sessionHop, startPathFor } from './links';

// Null when nothing can be renewed: a snapshot identity is virtual (WECHAT-PROTOCOL §3); a website app may be gone;
// WeCom has no user token (§19.2). A failed profile fetch keeps the renewed token (`failure`).
export async function renewSession(
  env: Env,
  origin: string,
  session: Session,
  hop: number,
): Promise<{ session: Session; failure?: WeChatError } | null> {
  if (session.app === 'wecom' || session.snapshot || !canActFor(env, session.app)) return null;
  const client = await wechatClientFor(env, origin, session.app);
  const token = await client.refreshToken(session.refreshToken);
  const renewed: WeChatSession = {
    ...session,
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    accessTokenExpiresAt: nowSeconds() + token.expires_in,
    chain: { hop, at: nowSeconds() },
  };
  if (renewed.scope !== 'snsapi_userinfo') return { session: renewed };
  try {
    return { session: withProfile(renewed, await client.getUserInfo(renewed.accessToken, renewed.openid)) };
  } catch (error) {
    if (!(error instanceof WeChatError)) throw error;
    return { session: renewed, failure: error };
  }
}

type ProfileLoad =
  | { kind: 'base'; openid: string; snapshot: boolean }
  | { kind: 'full'; view: ProfileView; snapshot: boolean; outdated: boolean; app: WeChatSession['app'] }
  | { kind: 'member'; view: MemberView; snapshot: false; outdated: boolean }
  | { kind: 'redirect'; to: string };

// The callback and the refresh route fetch the profile, then redirect here: within that one navigation the
// stored profile is as fresh as WeChat can make it, even with PROFILE_TTL_SECONDS=0.
const SAME_NAVIGATION_SECONDS = 5;

export const loadProfile = cache(async (session: Session): Promise<ProfileLoad> => {
  if (session.app === 'wecom') return loadMember(session);
  const base: ProfileLoad = { kind: 'base', openid: session.openid, snapshot: session.snapshot };
  if (session.scope === 'snsapi_base') return base;
  const stored: UserInfo | null = session.profile
    ? { openid: session.openid, unionid: session.unionid, ...session.profile }
    : null;
  const env = getEnv();
  const stale = nowSeconds() - session.fetchedAt >= env.profileTtlSeconds;
  const show = (info: UserInfo | null, outdated = false): ProfileLoad =>
    info ? { kind: 'full', view: toProfileView(info), snapshot: session.snapshot, outdated, app: session.app } : base;
  const after = (failure: Parameters<typeof decideOnProfile>[0]): ProfileLoad => {
    const hop = sessionHop(session);
    const outcome = decideOnProfile(failure, hop);
    const next = { returnTo: PROFILE_PATH, hop: hop + 1 };
    if (outcome === 'renew') return { kind: 'redirect', to: refreshPath(next) };
    if (outcome === 'sign-in-again') return { kind: 'redirect', to: startPathFor(session.app, next) };
    return show(stored, stale);
  };
  const justFetched = nowSeconds() - session.fetchedAt < SAME_NAVIGATION_SECONDS;
  if (session.snapshot || (stored && justFetched)) return show(stored);
  if (!canActFor(env, session.app)) return show(stored, stale);
  // A minute of slack: a token that expires mid-request is as good as expired.
  const expired = nowSeconds() >= session.accessTokenExpiresAt - 60;
  if (!stored || expired) return after({ problem: 'token-expired' });
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

/** WECHAT-PROTOCOL §19.3: name and position are read again with the app's token; a failure shows the stored card. */
async function loadMember(session: WeComSession): Promise<ProfileLoad> {
  const env = getEnv();
  const show = (card: Partial<WeComSession['member']>, outdated = false): ProfileLoad => ({
    kind: 'member',
    view: toMemberView({ ...session.member, ...card }),
    snapshot: false,
    outdated,
  });
  const stale = nowSeconds() - session.fetchedAt >= env.profileTtlSeconds;
  if (!stale || nowSeconds() - session.fetchedAt < SAME_NAVIGATION_SECONDS) return show({});
  if (!canActFor(env, 'wecom')) return show({}, true);
  try {
    return show(await (await weComClientFor(env)).cardOf(session.member.userid));
  } catch (error) {
    if (!(error instanceof WeChatError || error instanceof StoreUnavailableError)) throw error;
    return show({}, true);
  }
}

// The row is waited for at most this long (or half of WECHAT_TIMEOUT_MS); the call goes on and fills the cache.
const FOLLOW_WAIT_MS = 1000;

/** The 公众号 row; never rejects. None for a website app's or a snapshot user's openid (WECHAT-PROTOCOL §18). */
export function loadFollow(session: Session): Promise<FollowView | null> | null {
  const env = getEnv();
  if (!env.followStatus || session.app !== 'mp' || session.snapshot) return null;
  const view = accountFor(env)
    .then((account) => account.follower(session.openid))
    .then(toFollowView, (error: unknown) => {
      // WeChat's failures are logged where they happen, the store's once per outage, a back-off not at all.
      if (!(error instanceof WeChatError || error instanceof StoreUnavailableError)) {
        const name = error instanceof Error ? error.name : typeof error;
        console.error(JSON.stringify({ event: 'unexpected_error', error: name }));
      }
      return null;
    });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, Math.min(FOLLOW_WAIT_MS, env.timeoutMs / 2), null);
  });
  return Promise.race([view, late]).finally(() => clearTimeout(timer));
}
