import { http } from 'msw';
import { GET as refresh } from '@/app/auth/wechat/refresh/route';
import { loadProfile } from '@/lib/profile/load-profile';
import { unsealSession } from '@/lib/session/session';
import type { Session } from '@/lib/session/schema';
import { setupFakeWeChat } from '../../support/fake-wechat-server';
import { TEST_API_BASE, TEST_ORIGIN, TEST_SESSION_SECRET } from '../../support/env';
import { request, setCookieLine, setCookieValue } from '../../support/requests';
import { sessionCookie, sessionFor } from '../../support/sessions';

const { fake, server } = setupFakeWeChat();
beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());
const now = () => Math.floor(Date.now() / 1000);

/** Follows /profile's redirect the way a phone does; returns the session the refresh route stored. */
async function followRefresh(
  to: string,
  session: Session,
): Promise<{ status: number; location: string | null; stored: Session | null }> {
  const response = await refresh(request(to, { cookie: await sessionCookie(session) }));
  const stored = await unsealSession(setCookieValue(response, 'wx_session'), TEST_SESSION_SECRET);
  return { status: response.status, location: response.headers.get('location'), stored };
}

describe('/profile after PROFILE_TTL_SECONDS, across views', () => {
  it('renews an expired token through the refresh route with one refresh and one userinfo call, and the next view calls WeChat not at all', async () => {
    const expired = await sessionFor(fake(), 'full', { accessTokenExpiresAt: now() - 10, fetchedAt: now() - 3 * 3600 });
    const first = await loadProfile(expired);
    expect(first).toEqual({ kind: 'redirect', to: '/auth/wechat/refresh?returnTo=%2Fprofile' });

    const renewal = await followRefresh(first.kind === 'redirect' ? first.to : '', expired);
    expect(renewal).toMatchObject({ status: 303, location: `${TEST_ORIGIN}/profile` });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 1, 'sns/userinfo': 1 });

    fake().resetCalls();
    const shown = await loadProfile(renewal.stored!);
    const later = await loadProfile({ ...renewal.stored!, fetchedAt: now() - 60 });
    expect(shown).toMatchObject({ kind: 'full', view: { nickname: '张小明' }, outdated: false });
    expect(later).toMatchObject({ kind: 'full', view: { nickname: '张小明' }, outdated: false });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 0, 'sns/userinfo': 0 });
  });

  it('when WeChat says a token the session thinks live has expired (42001), renews it through the refresh route instead of signing in again', async () => {
    const session = await sessionFor(fake(), 'full', { fetchedAt: now() - 601 });
    server.use(
      http.get(
        `${TEST_API_BASE}/sns/userinfo`,
        () => new Response('{"errcode":42001,"errmsg":"access_token expired"}'),
        { once: true },
      ),
    );
    const first = await loadProfile(session);
    expect(first).toEqual({ kind: 'redirect', to: '/auth/wechat/refresh?returnTo=%2Fprofile&expired=1' });

    fake().resetCalls();
    const renewal = await followRefresh(first.kind === 'redirect' ? first.to : '', session);
    expect(renewal.status).toBe(303);
    expect(renewal.stored?.accessToken).not.toBe(session.accessToken);
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 1, 'sns/userinfo': 1 });
  });

  it('sends the user through /auth/wechat again, session ended, when WeChat refuses the refresh token too', async () => {
    const session = await sessionFor(fake(), 'full', {
      accessTokenExpiresAt: now() - 10,
      fetchedAt: now() - 3 * 3600,
      refreshToken: 'revoked-refresh-token',
    });
    const first = await loadProfile(session);
    const response = await refresh(
      request(first.kind === 'redirect' ? first.to : '', { cookie: await sessionCookie(session) }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(
      `${TEST_ORIGIN}/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile`,
    );
    expect(setCookieLine(response, 'wx_session')).toMatch(/Max-Age=0/);
  });

  // A server component cannot set cookies: what it fetches after the TTL is shown, not stored.
  it('with a live token, asks WeChat exactly once per view after the TTL and never refreshes the token', async () => {
    const session = await sessionFor(fake(), 'full', { fetchedAt: now() - 601 });
    for (let view = 0; view < 3; view++)
      expect(await loadProfile(session)).toMatchObject({ kind: 'full', outdated: false });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 0, 'sns/userinfo': 3 });
  });
});
