import 'server-only';
import type { NextRequest, NextResponse } from 'next/server';
import type { App, TokenResponse, UserInfo } from '@/lib/wechat/schemas';
import { SESSION_COOKIE, SESSION_MAX_AGE, setSessionCookie } from './cookies';
import { seal, unseal } from './seal';
import { SessionSchema, type Session, type StoredProfile } from './schema';

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

// WeChat's own fields are short (a nickname is at most 32 characters); the caps keep any answer inside one cookie.
const cap = (text: string, length: number): string => text.slice(0, length);

export function toStoredProfile(info: UserInfo): StoredProfile {
  return {
    nickname: cap(info.nickname, 128),
    sex: typeof info.sex === 'string' ? cap(info.sex, 8) : info.sex,
    province: cap(info.province, 128),
    city: cap(info.city, 128),
    country: cap(info.country, 128),
    headimgurl: cap(info.headimgurl, 512),
    privilege: info.privilege.slice(0, 8).map((entry) => cap(entry, 64)),
  };
}

/** A new session from a code exchange with `app`'s credentials; `hop` is the chain the sign-in belongs to. */
export function sessionFromTokens(
  token: TokenResponse,
  info: UserInfo | null,
  scope: Session['scope'],
  hop = 0,
  app: App = 'mp',
): Session {
  const now = nowSeconds();
  return {
    app,
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
    chain: { hop, at: now },
  };
}

export function withRenewedToken(session: Session, token: TokenResponse, hop: number): Session {
  const now = nowSeconds();
  return {
    ...session,
    accessToken: token.access_token,
    refreshToken: token.refresh_token,
    accessTokenExpiresAt: now + token.expires_in,
    chain: { hop, at: now },
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

/** The session a route handler's request carries; null when absent or not genuine. */
export function readSession(request: NextRequest, secret: string): Promise<Session | null> {
  return unsealSession(request.cookies.get(SESSION_COOKIE)?.value, secret);
}

/** Seals the session into the answer; a snapshot session lives only as long as the browser session. */
export async function storeSession(
  response: NextResponse,
  session: Session,
  { secret, secure }: { secret: string; secure: boolean },
): Promise<NextResponse> {
  setSessionCookie(response, await sealSession(session, secret), secure, !session.snapshot);
  return response;
}
