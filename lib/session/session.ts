import 'server-only';
import { cache } from 'react';
import { cookies } from 'next/headers';
import type { NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { getEnv } from '@/lib/env';
import { AppSchema, ScopeSchema, type App, type TokenResponse, type UserInfo } from '@/lib/wechat/schemas';
import { seal, unseal } from './seal';

export const SESSION_COOKIE = 'wx_session';
const SESSION_MAX_AGE = 30 * 24 * 60 * 60; // 30 days in seconds: WeChat's refresh_token lifetime

/** Automatic sign-ins and renewals in the current chain of redirects (lib/auth/links.ts), and when it last moved. */
const ChainSchema = z.object({ hop: z.number().int().min(0), at: z.number() });
export type Chain = z.infer<typeof ChainSchema>;

const StoredProfileSchema = z.object({
  nickname: z.string(),
  sex: z.union([z.number(), z.string()]).optional(),
  province: z.string(),
  city: z.string(),
  country: z.string(),
  headimgurl: z.string(),
  privilege: z.array(z.string()),
});
export type StoredProfile = z.infer<typeof StoredProfileSchema>;

const SessionSchema = z.object({
  /** The app the user signed in through; its openid, tokens and credentials belong together. Older sessions: mp. */
  app: AppSchema.default('mp'),
  openid: z.string().min(1),
  unionid: z.string().optional(),
  scope: ScopeSchema,
  snapshot: z.boolean(),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  /** Unix seconds. */
  accessTokenExpiresAt: z.number(),
  profile: StoredProfileSchema.nullable(),
  /** Unix seconds; when the profile was last fetched from WeChat. */
  fetchedAt: z.number(),
  // Sessions sealed before chains existed start a fresh one.
  chain: ChainSchema.default({ hop: 0, at: 0 }),
});
export type Session = z.infer<typeof SessionSchema>;

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

// WeChat's own fields are short (a nickname is at most 32 characters); the caps keep any answer inside one cookie.
const cap = (text: string, length: number): string => text.slice(0, length);

function toStoredProfile(info: UserInfo): StoredProfile {
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

/** The current session for server components, read once per request; null when absent or not genuine. */
export const getSession = cache(async (): Promise<Session | null> => {
  const store = await cookies();
  return unsealSession(store.get(SESSION_COOKIE)?.value, getEnv().sessionSecret);
});

/**
 * Seals the session into the answer. A snapshot user's identity is virtual and must not outlive the snapshot page
 * (WECHAT-PROTOCOL §3): its cookie has no Max-Age, so it ends with the browser session.
 */
export async function storeSession(
  response: NextResponse,
  session: Session,
  { secret, secure }: { secret: string; secure: boolean },
): Promise<NextResponse> {
  response.cookies.set(SESSION_COOKIE, await sealSession(session, secret), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    ...(session.snapshot ? {} : { maxAge: SESSION_MAX_AGE }),
  });
  return response;
}

export function clearSessionCookie(response: NextResponse, secure: boolean): void {
  response.cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: 0 });
}
