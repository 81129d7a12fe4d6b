import 'server-only';
import { cache } from 'react';
import { getEnv } from '@/lib/env';
import { getWeChatClient } from '@/lib/app-context/wechat-client';
import type { Session } from '@/lib/session';
import { isAccessTokenExpired, isProfileStale } from '@/lib/session/session';
import { WeChatError } from '@/lib/wechat/errors';
import { toProfileView, type ProfileView } from '@/lib/wechat/profile';
import type { UserInfo } from '@/lib/wechat/schemas';

export type ProfileLoad =
  | { kind: 'base'; openid: string; snapshot: boolean }
  | { kind: 'full'; view: ProfileView; snapshot: boolean; outdated: boolean }
  | { kind: 'redirect'; to: string };

const REFRESH = '/auth/wechat/refresh?returnTo=%2Fprofile';
const JUST_RENEWED_SECONDS = 10;
// The callback and the refresh route fetch the profile, then redirect here: within that one navigation the
// stored profile is as fresh as WeChat can make it, even with PROFILE_TTL_SECONDS=0 (BENCHMARKS.md).
const SAME_NAVIGATION_SECONDS = 5;

function needsFreshProfile(session: Session, ttlSeconds: number): boolean {
  const justFetched = Date.now() / 1000 - session.fetchedAt < SAME_NAVIGATION_SECONDS;
  return isProfileStale(session, ttlSeconds) && !justFetched;
}

function storedInfo(session: Session): UserInfo | null {
  if (!session.profile) return null;
  return { openid: session.openid, unionid: session.unionid, ...session.profile };
}

/**
 * What /profile shows for a session. Within PROFILE_TTL_SECONDS (or right after the sign-in or refresh that
 * fetched it): the stored profile, no call to WeChat.
 * After it: one sns/userinfo call; an expired token goes through the refresh route (which can store the
 * renewed token); a busy WeChat falls back to the stored profile rather than losing the page.
 */
export const loadProfile = cache(async (session: Session): Promise<ProfileLoad> => {
  if (session.scope === 'snsapi_base') return { kind: 'base', openid: session.openid, snapshot: session.snapshot };
  const stored = storedInfo(session);
  if (!stored || isAccessTokenExpired(session)) return { kind: 'redirect', to: REFRESH };
  const env = getEnv();
  if (!needsFreshProfile(session, env.profileTtlSeconds)) {
    return { kind: 'full', view: toProfileView(stored), snapshot: session.snapshot, outdated: false };
  }
  try {
    const client = await getWeChatClient(env, env.appBaseUrl ?? '');
    const fresh = await client.getUserInfo(session.accessToken, session.openid);
    return {
      kind: 'full',
      view: toProfileView({ ...fresh, unionid: fresh.unionid ?? session.unionid }),
      snapshot: session.snapshot,
      outdated: false,
    };
  } catch (error) {
    if (!(error instanceof WeChatError)) throw error;
    const justRenewed = Date.now() / 1000 - session.fetchedAt < JUST_RENEWED_SECONDS;
    if (error.kind === 'expired' && !justRenewed) return { kind: 'redirect', to: `${REFRESH}&expired=1` };
    if (error.kind === 'expired' || error.kind === 'reauth' || error.kind === 'restart') {
      return { kind: 'redirect', to: '/auth/wechat?returnTo=%2Fprofile' };
    }
    return { kind: 'full', view: toProfileView(stored), snapshot: session.snapshot, outdated: true };
  }
});
