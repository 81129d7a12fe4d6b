/**
 * GET /profile: what the page shows for a session (lib/auth/load-profile.ts, as app/profile/page.tsx runs it),
 * and where it sends the browser when it cannot show it.
 */
import { http } from 'msw';
import { createBrowser } from '../../support/browser';
import { fakeClock } from '../../support/clock';
import { TEST_API_BASE } from '../../support/env';
import { setupFakeWeChat } from '../../support/fake-wechat-server';
import { plain } from '../../support/wechat-answers';

// Read by lib/env at the first request: every view after the sign-in's own asks WeChat again.
process.env.PROFILE_TTL_SECONDS = '0';

const { fake, server, useFake } = setupFakeWeChat();
const clock = fakeClock();

beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));

describe('sessions: an expired access token is renewed whenever WeChat says so (42001, 40001, 40014)', () => {
  it.each([42001, 40001, 40014])(
    'a %i from sns/userinfo seconds after the sign-in renews the token with the refresh token and keeps it',
    async (errcode) => {
      const browser = createBrowser(fake);
      await browser.visit('/profile');
      const signedIn = await browser.session();
      clock.advance(6_000);
      server.use(
        http.get(`${TEST_API_BASE}/sns/userinfo`, () => plain(`{"errcode":${errcode},"errmsg":"expired"}`), {
          once: true,
        }),
      );
      fake().resetCalls();

      const walk = await browser.visit('/profile');

      expect(walk.hops).toEqual(['/auth/wechat/refresh?returnTo=%2Fprofile&hop=1', '/profile']);
      expect(walk.landing).toMatchObject({ kind: 'profile', shown: { kind: 'full', outdated: false } });
      expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 1, 'sns/oauth2/access_token': 0 });
      const renewed = await browser.session();
      expect(renewed?.accessToken).not.toBe(signedIn?.accessToken);
      expect(renewed?.openid).toBe(signedIn?.openid);
    },
  );
});

describe('sessions: a snapshot user is never renewed and not kept past the browser session', () => {
  it('stores the snapshot session as a browser-session cookie, without Max-Age, and a real one for 30 days', async () => {
    const real = createBrowser(fake, 'full');
    await real.visit('/profile');
    expect(real.setCookieLine('wx_session')).toMatch(/Max-Age=2592000/);

    const browser = createBrowser(fake, 'snapshot');
    const walk = await browser.visit('/profile');
    expect(walk.landing).toMatchObject({ kind: 'profile', shown: { kind: 'full', snapshot: true } });
    expect((await browser.session())?.snapshot).toBe(true);
    expect(browser.setCookieLine('wx_session')).not.toMatch(/Max-Age|Expires/i);
  });

  it('shows the stored snapshot view with no call to WeChat, even with its token expired and its profile stale', async () => {
    useFake({ accessTokenTtlSeconds: 30 });
    const browser = createBrowser(fake, 'snapshot');
    await browser.visit('/profile');
    clock.advance(3 * 3600_000);
    fake().resetCalls();

    const walk = await browser.visit('/profile');

    expect(walk.hops).toEqual([]);
    expect(walk.landing).toMatchObject({ kind: 'profile', shown: { kind: 'full', snapshot: true, outdated: false } });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 0, 'sns/userinfo': 0 });
  });
});

describe('failures: /profile after the TTL, WeChat busy, slow or malformed', () => {
  it('shows the stored profile, marked as possibly outdated', async () => {
    const browser = createBrowser(fake);
    await browser.visit('/profile');
    clock.advance(6_000);
    server.use(http.get(`${TEST_API_BASE}/sns/userinfo`, () => plain('{"errcode":-1,"errmsg":"system error"}')));

    const walk = await browser.visit('/profile');

    expect(walk.hops).toEqual([]);
    expect(walk.landing).toMatchObject({ kind: 'profile', shown: { kind: 'full', outdated: true } });
  });
});
