// lib/session is fenced with server-only: `npm run bench` runs tsx with --conditions=react-server, as Next's server does.
import { sealSession, unsealSession, type Session } from '@/lib/session/session';

/** The bench knows its servers' SESSION_SECRET, so it can make a session look hours old, as a phone's would be. */
export const BENCH_SESSION_SECRET = 'bench-only-session-secret-0123456789abcdef';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const seal = async (session: Session) => `wx_session=${await sealSession(session, BENCH_SESSION_SECRET)}`;

/**
 * The same session with its profile fetched a minute ago and, when `expired`, its access token expired an hour
 * ago. A profile fetched in the last 5 s is shown without looking at the token (lib/auth/renewal.ts: the
 * sign-in's own redirect), so a session fresh from a sign-in would reach neither a later view nor a renewal.
 */
export async function resealed(cookie: string, { expired = false } = {}): Promise<string> {
  const session = await unsealSession(cookie.replace(/^wx_session=/, ''), BENCH_SESSION_SECRET);
  if (!session) throw new Error('the bench could not read its own session cookie');
  const expiry = expired ? { accessTokenExpiresAt: nowSeconds() - 3600 } : {};
  return seal({ ...session, ...expiry, fetchedAt: nowSeconds() - 60 });
}

/** A session sealed by the bench itself, for the first request of a cold server (no sign-in can precede it). */
export function freshSessionCookie(): Promise<string> {
  const now = nowSeconds();
  return seal({
    sid: 'bench-cold-start-session',
    app: 'mp',
    openid: 'oMockFullProfile000000000001',
    unionid: 'oUnionFullProfile00000000001',
    scope: 'snsapi_userinfo',
    snapshot: false,
    accessToken: 'bench-access-token',
    refreshToken: 'bench-refresh-token',
    accessTokenExpiresAt: now + 7200,
    profile: {
      nickname: '张小明',
      sex: 1,
      province: '广东',
      city: '深圳',
      country: '中国',
      headimgurl: '',
      privilege: [],
    },
    fetchedAt: now,
    chain: { hop: 0, at: now },
  });
}
