import { http } from 'msw';
import { GET as refresh } from '@/app/auth/wechat/refresh/route';
import { unsealSession } from '@/lib/session/session';
import { setupFakeWeChat } from '../support/fake-wechat-server';
import { TEST_API_BASE, TEST_ORIGIN, TEST_SESSION_SECRET } from '../support/env';
import { request, setCookieLine, setCookieValue } from '../support/requests';
import { sessionCookie, sessionFor } from '../support/sessions';

const { fake, server } = setupFakeWeChat();
const longAgo = Math.floor(Date.now() / 1000) - 3 * 3600;

describe('GET /auth/wechat/refresh', () => {
  it('renews an expired access token with the refresh token, refetches the profile and keeps the renewed token', async () => {
    const session = await sessionFor(fake(), 'full', { accessTokenExpiresAt: longAgo, fetchedAt: longAgo });
    const response = await refresh(
      request('/auth/wechat/refresh?returnTo=%2Fprofile', { cookie: await sessionCookie(session) }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${TEST_ORIGIN}/profile`);
    const renewed = await unsealSession(setCookieValue(response, 'wx_session'), TEST_SESSION_SECRET);
    expect(renewed?.accessToken).not.toBe(session.accessToken);
    expect(renewed?.accessTokenExpiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(renewed?.fetchedAt).toBeGreaterThan(longAgo);
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 1, 'sns/userinfo': 1 });
  });

  it('sends the user through authorization again when WeChat refuses the refresh token, and ends the session', async () => {
    const session = await sessionFor(fake(), 'full', {
      accessTokenExpiresAt: longAgo,
      refreshToken: 'revoked-refresh-token',
    });
    const response = await refresh(
      request('/auth/wechat/refresh?returnTo=%2Fprofile', { cookie: await sessionCookie(session) }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(
      `${TEST_ORIGIN}/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile`,
    );
    expect(setCookieLine(response, 'wx_session')).toMatch(/Max-Age=0/);
  });

  it('answers a 502 page with a retry when WeChat is busy, keeping the session', async () => {
    const session = await sessionFor(fake(), 'full', { fetchedAt: longAgo });
    server.use(http.get(`${TEST_API_BASE}/sns/userinfo`, () => new Response('<html>busy</html>')));
    const response = await refresh(
      request('/auth/wechat/refresh?returnTo=%2Fprofile', { cookie: await sessionCookie(session) }),
    );
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('/auth/wechat/refresh?returnTo=%2Fprofile');
    expect(setCookieLine(response, 'wx_session')).toBeUndefined();
  });

  it('sends a browser without a session to authorization', async () => {
    const response = await refresh(request('/auth/wechat/refresh?returnTo=%2Fprofile'));
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${TEST_ORIGIN}/auth/wechat?returnTo=%2Fprofile`);
  });
});
