import type { WeChatClient } from '@/lib/wechat/client';
import { WeChatApiError } from '@/lib/wechat/errors';
import { isAccessTokenExpired, withProfile, withRenewedToken } from './session';
import type { Session } from './schema';

/**
 * Renews the access token when it has expired (or WeChat says so: 42001/40001), then refetches the profile.
 * At most one refresh per call; a refresh WeChat refuses surfaces as a 'reauth' error.
 */
export async function renewSession(
  client: WeChatClient,
  session: Session,
  { forceRefresh = false } = {},
): Promise<Session> {
  let current = session;
  let refreshed = false;
  if (forceRefresh || isAccessTokenExpired(current)) {
    current = withRenewedToken(current, await client.refreshToken(current.refreshToken));
    refreshed = true;
  }
  if (current.scope !== 'snsapi_userinfo') return current;
  try {
    return withProfile(current, await client.getUserInfo(current.accessToken, current.openid));
  } catch (error) {
    if (refreshed || !(error instanceof WeChatApiError) || error.kind !== 'expired') throw error;
  }
  current = withRenewedToken(current, await client.refreshToken(current.refreshToken));
  return withProfile(current, await client.getUserInfo(current.accessToken, current.openid));
}
