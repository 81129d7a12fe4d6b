import 'server-only';
import { withProfile, withRenewedToken, type Session } from '@/lib/session';
import { WeChatError, type WeChatClient } from '@/lib/wechat';

export interface Renewal {
  /** The session with the renewed token: kept even when the profile could not be fetched with it. */
  session: Session;
  /** Why the profile was not fetched again, if it was not. */
  failure?: WeChatError;
}

/**
 * Renews the access token with the refresh token (a refusal throws: nothing was renewed), then fetches the
 * profile with the renewed token.
 */
export async function renewSession(client: WeChatClient, session: Session, hop: number): Promise<Renewal> {
  const renewed = withRenewedToken(session, await client.refreshToken(session.refreshToken), hop);
  if (renewed.scope !== 'snsapi_userinfo') return { session: renewed };
  try {
    return { session: withProfile(renewed, await client.getUserInfo(renewed.accessToken, renewed.openid)) };
  } catch (error) {
    if (!(error instanceof WeChatError)) throw error;
    return { session: renewed, failure: error };
  }
}
