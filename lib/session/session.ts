import type { TokenResponse, UserInfo } from '@/lib/wechat/schemas';
import { SESSION_MAX_AGE } from './cookies';
import { seal, unseal } from './seal';
import { SessionSchema, type Session, type StoredProfile } from './schema';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function toStoredProfile(info: UserInfo): StoredProfile {
  return {
    nickname: info.nickname,
    sex: info.sex,
    province: info.province,
    city: info.city,
    country: info.country,
    headimgurl: info.headimgurl,
    privilege: info.privilege,
  };
}

export function sessionFromTokens(token: TokenResponse, info: UserInfo | null, scope: Session['scope']): Session {
  const now = nowSeconds();
  return {
    openid: token.openid,
    unionid: info?.unionid ?? token.unionid,
    scope,
    // WECHAT-PROTOCOL §3: a snapshot user's openid is virtual; the session marks it so nothing treats it as real.
    snapshot: token.is_snapshotuser === 1,
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    accessTokenExpiresAt: now + token.expires_in,
    profile: info ? toStoredProfile(info) : null,
    fetchedAt: now,
  };
}

export function withRenewedToken(session: Session, token: TokenResponse): Session {
  return {
    ...session,
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    accessTokenExpiresAt: nowSeconds() + token.expires_in,
  };
}

export function withProfile(session: Session, info: UserInfo): Session {
  return {
    ...session,
    unionid: info.unionid ?? session.unionid,
    profile: toStoredProfile(info),
    fetchedAt: nowSeconds(),
  };
}

export function isProfileStale(session: Session, ttlSeconds: number): boolean {
  return session.scope === 'snsapi_userinfo' && nowSeconds() - session.fetchedAt >= ttlSeconds;
}

export function isAccessTokenExpired(session: Session): boolean {
  // A minute of slack: a token that expires mid-request is as good as expired.
  return nowSeconds() >= session.accessTokenExpiresAt - 60;
}

export function sealSession(session: Session, secret: string): Promise<string> {
  return seal(session, secret, 'session', SESSION_MAX_AGE);
}

export function unsealSession(value: string | undefined, secret: string): Promise<Session | null> {
  return unseal(value, secret, 'session', SessionSchema);
}
