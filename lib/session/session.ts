import 'server-only';
import { randomBytes } from 'node:crypto';
import { cache } from 'react';
import { cookies } from 'next/headers';
import type { NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { getEnv, type Env } from '@/lib/env';
import { StoreUnavailableError } from '@/lib/store';
import { backendFor } from '@/lib/wechat/backend';
import { AppSchema, ScopeSchema, type TokenResponse, type UserInfo } from '@/lib/wechat/schemas';
import type { MemberCard } from '@/lib/wechat/wecom';
import { seal, unseal } from './seal';

export const SESSION_COOKIE = 'wx_session';
const SESSION_MAX_AGE = 30 * 24 * 60 * 60; // WeChat's refresh_token lifetime

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

const SessionBase = {
  sid: z.string().min(16),
  fetchedAt: z.number(),
  /** The chain of automatic redirects that last wrote the session (lib/auth/links.ts); older sessions start one. */
  chain: z.object({ hop: z.number().int().min(0), at: z.number() }).default({ hop: 0, at: 0 }),
};

const WeChatSessionSchema = z.object({
  ...SessionBase,
  /** The app the user signed in through; its openid, tokens and credentials belong together. */
  app: AppSchema.exclude(['wecom']).default('mp'),
  openid: z.string().min(1),
  unionid: z.string().optional(),
  scope: ScopeSchema,
  snapshot: z.boolean(),
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  accessTokenExpiresAt: z.number(),
  profile: StoredProfileSchema.nullable(),
});
export type WeChatSession = z.infer<typeof WeChatSessionSchema>;

// The member's card, never a token: WeCom's is the app's (WECHAT-PROTOCOL §19.2). The mobile is kept masked.
const MemberSchema = z.object({
  userid: z.string().min(1),
  name: z.string(),
  position: z.string(),
  detail: z.object({ gender: z.string(), avatar: z.string(), email: z.string(), mobile: z.string() }).nullable(),
});
export type StoredMember = z.infer<typeof MemberSchema>;
const WeComSessionSchema = z.object({ ...SessionBase, app: z.literal('wecom'), member: MemberSchema });
export type WeComSession = z.infer<typeof WeComSessionSchema>;

const SessionSchema = z.union([WeComSessionSchema, WeChatSessionSchema]);
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

export function sessionFromTokens(
  token: TokenResponse,
  info: UserInfo | null,
  scope: WeChatSession['scope'],
  hop = 0,
  app: WeChatSession['app'] = 'mp',
): WeChatSession {
  const now = nowSeconds();
  return {
    sid: randomBytes(16).toString('base64url'),
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

/** WECHAT-PROTOCOL §19.3: a member's card as the session keeps it, the mobile masked (138****8000). */
export function sessionForMember(member: MemberCard, hop = 0): WeComSession {
  const now = nowSeconds();
  const { detail } = member;
  return {
    sid: randomBytes(16).toString('base64url'),
    app: 'wecom',
    member: {
      userid: cap(member.userid, 64),
      name: cap(member.name, 128),
      position: cap(member.position, 128),
      detail: detail && {
        gender: cap(detail.gender, 8),
        avatar: cap(detail.avatar, 512),
        email: cap(detail.email, 128),
        mobile: maskMobile(detail.mobile),
      },
    },
    fetchedAt: now,
    chain: { hop, at: now },
  };
}

function maskMobile(mobile: string): string {
  return mobile.length > 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : mobile ? '****' : '';
}

export function withProfile(session: WeChatSession, info: UserInfo): WeChatSession {
  return {
    ...session,
    unionid: info.unionid ?? session.unionid,
    profile: toStoredProfile(info),
    fetchedAt: nowSeconds(),
  };
}

export function sealSession(session: Session, secret: string): Promise<string> {
  return seal(session, secret, 'session', SESSION_MAX_AGE);
}

export function unsealSession(value: string | undefined, secret: string): Promise<Session | null> {
  return unseal(value, secret, 'session', SessionSchema);
}

const endedKey = (sid: string) => `session:ended:${sid}`;

// Not ended at logout on any instance sharing the store; with the store down, valid sessions keep being served.
async function liveSession(value: string | undefined, env: Env): Promise<Session | null> {
  const session = await unsealSession(value, env.sessionSecret);
  if (!session) return null;
  try {
    return (await (await backendFor(env).store()).get(endedKey(session.sid))) === null ? session : null;
  } catch (error) {
    if (error instanceof StoreUnavailableError) return session;
    throw error;
  }
}

export function readSession(request: NextRequest, env: Env): Promise<Session | null> {
  return liveSession(request.cookies.get(SESSION_COOKIE)?.value, env);
}

export const getSession = cache(async (): Promise<Session | null> => {
  const store = await cookies();
  return liveSession(store.get(SESSION_COOKIE)?.value, getEnv());
});

/** Logout: the store remembers the session as ended, so a copy of the cookie signs no one in afterwards. */
export async function endSession(request: NextRequest, response: NextResponse, env: Env, secure: boolean) {
  const session = await unsealSession(request.cookies.get(SESSION_COOKIE)?.value, env.sessionSecret);
  if (session) {
    try {
      await (await backendFor(env).store()).set(endedKey(session.sid), '1', SESSION_MAX_AGE * 1000);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      console.warn(JSON.stringify({ event: 'logout_not_remembered', error: error.name }));
    }
  }
  clearSessionCookie(response, secure);
}

/** A snapshot identity is virtual (WECHAT-PROTOCOL §3): its cookie ends with the browser session. */
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
    ...(session.app !== 'wecom' && session.snapshot ? {} : { maxAge: SESSION_MAX_AGE }),
  });
  return response;
}

export function clearSessionCookie(response: NextResponse, secure: boolean): void {
  response.cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: 0 });
}
