/**
 * GET /profile: what the page shows for a session (lib/auth/load-profile.ts, as app/profile/page.tsx runs it),
 * and where it sends the browser when it cannot show it.
 */
import { http } from 'msw';
import { createBrowser } from '../../support/browser';
import { fakeClock } from '../../support/clock';
import { TEST_API_BASE } from '../../support/env';
import { setupFakeWeChat } from '../../support/fake-wechat-server';
import { loadWithEnv } from '../../support/isolated';
import { GARBAGE_ANSWERS, answerTooLate, answerWith, plain, userInfoAnswer } from '../../support/wechat-answers';

// Read by lib/env at the first request: every view after the sign-in's own asks WeChat again, and a short time
// limit keeps the timeout row quick.
process.env.PROFILE_TTL_SECONDS = '0';
process.env.WECHAT_TIMEOUT_MS = '200';

const { fake, server, useFake } = setupFakeWeChat();
const clock = fakeClock();

beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));

describe('routes: /profile without a session goes through /auth/wechat; with one, it shows the profile', () => {
  it('after a QR sign-in shows the website app’s openid and the unionid, and asks WeChat again with the website app’s token', async () => {
    const browser = createBrowser(fake);
    const walk = await browser.visit('/auth/wechat/qr?returnTo=%2Fprofile');
    expect(walk.landing).toMatchObject({
      kind: 'profile',
      shown: {
        kind: 'full',
        app: 'open',
        view: { openid: 'oWebFullProfile0000000000001', unionid: 'oUnionFullProfile00000000001' },
      },
    });
    clock.advance(10_000);
    expect((await browser.visit('/profile')).landing).toMatchObject({ shown: { kind: 'full', outdated: false } });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 1, 'sns/userinfo': 2 });
  });

  it('keeps showing the unionid when sns/userinfo, asked again, names none', async () => {
    const browser = createBrowser(fake);
    await browser.visit('/profile');
    const { openid } = (await browser.session())!;
    answerWith(server, 'sns/userinfo', () => userInfoAnswer(openid));
    clock.advance(10_000);
    expect((await browser.visit('/profile')).landing).toMatchObject({
      shown: { kind: 'full', view: { nickname: 'n', unionid: 'oUnionFullProfile00000000001' } },
    });
  });

  it('shows a website-app session’s stored profile, marked as possibly outdated, once the website app is no longer configured', async () => {
    const browser = createBrowser(fake);
    await browser.visit('/auth/wechat/qr?returnTo=%2Fprofile');
    const session = { ...(await browser.session())!, accessTokenExpiresAt: 0, fetchedAt: 0 };
    const { loadProfile } = await loadWithEnv(
      { WECHAT_OPEN_APPID: '', WECHAT_OPEN_APPSECRET: '' },
      () => import('@/lib/auth/renewal'),
    );
    fake().resetCalls();
    expect(await loadProfile(session)).toMatchObject({ kind: 'full', app: 'open', outdated: true });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 0, 'sns/userinfo': 0 });
  });

  it('sends a userinfo session without its stored profile (an older cookie) to the refresh route, one hop of the bounded chain, and shows its openid once the bound is reached', async () => {
    const browser = createBrowser(fake);
    await browser.visit('/profile');
    const signedIn = { ...(await browser.session())!, profile: null };
    const { loadProfile } = await import('@/lib/auth/renewal');
    clock.advance(120_000);

    expect(await loadProfile({ ...signedIn })).toEqual({
      kind: 'redirect',
      to: '/auth/wechat/refresh?returnTo=%2Fprofile&hop=1',
    });
    const nowS = Math.floor(Date.now() / 1000);
    expect(await loadProfile({ ...signedIn, chain: { hop: 3, at: nowS } })).toEqual({
      kind: 'base',
      openid: signedIn.openid,
      snapshot: false,
    });
  });

  it('without a session goes through /auth/wechat, then shows the profile the callback fetched without asking again', async () => {
    const walk = await createBrowser(fake).visit('/profile');

    expect(walk.hops[0]).toBe('/auth/wechat?returnTo=%2Fprofile');
    expect(walk.landing).toMatchObject({ kind: 'profile', shown: { kind: 'full', view: { nickname: '张小明' } } });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 1, 'sns/userinfo': 1 });
  });

  it('shows a snsapi_base session’s openid, and never calls WeChat for it', async () => {
    const browser = createBrowser(fake);
    const signIn = await browser.visit('/auth/wechat?scope=snsapi_base&returnTo=%2Fprofile');
    expect(signIn.landing).toEqual({
      kind: 'profile',
      shown: { kind: 'base', openid: 'oMockFullProfile000000000001', snapshot: false },
    });
    clock.advance(3 * 3600_000);
    fake().resetCalls();

    expect((await browser.visit('/profile')).hops).toEqual([]);
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 0, 'sns/userinfo': 0 });
  });
});

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
  it.each([
    ...GARBAGE_ANSWERS.map(([name, answer]) => [name, () => answerWith(server, 'sns/userinfo', answer)] as const),
    ['nothing within WECHAT_TIMEOUT_MS', () => answerTooLate(server, 'sns/userinfo', 1000)] as const,
  ])('when sns/userinfo answers %s, shows the stored profile, marked as possibly outdated', async (_name, fail) => {
    const browser = createBrowser(fake);
    await browser.visit('/profile');
    clock.advance(6_000);
    fail();

    const walk = await browser.visit('/profile');

    expect(walk.hops).toEqual([]);
    expect(walk.landing).toMatchObject({ kind: 'profile', shown: { kind: 'full', outdated: true } });
  });
});

describe('sessions: every view after the TTL (here 0) asks WeChat again, never for a code', () => {
  it('asks WeChat again on every later view, and never exchanges a code again', async () => {
    const browser = createBrowser(fake);
    await browser.visit('/profile');
    fake().resetCalls();

    for (const _view of [1, 2]) {
      clock.advance(6_000);
      expect((await browser.visit('/profile')).landing).toMatchObject({ shown: { kind: 'full', outdated: false } });
    }
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 0, 'sns/userinfo': 2 });
  });

  it('right after a renewal, shows the profile the refresh route fetched without asking again', async () => {
    const browser = createBrowser(fake);
    await browser.visit('/profile');
    clock.advance(2 * 3600_000);
    fake().resetCalls();

    const walk = await browser.visit('/profile');

    expect(walk.hops).toEqual(['/auth/wechat/refresh?returnTo=%2Fprofile&hop=1', '/profile']);
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 1, 'sns/userinfo': 1 });
  });
});

describe('sessions: when WeChat refuses the tokens (42002, 40030, 40003, 48001), the user is sent through /auth/wechat again', () => {
  it.each([42002, 40030, 40003, 48001])(
    'when sns/userinfo answers %i, sends the user through /auth/wechat again, which ends on the profile',
    async (errcode) => {
      const browser = createBrowser(fake);
      await browser.visit('/profile');
      clock.advance(6_000);
      server.use(
        http.get(`${TEST_API_BASE}/sns/userinfo`, () => plain(`{"errcode":${errcode},"errmsg":"refused"}`), {
          once: true,
        }),
      );

      const walk = await browser.visit('/profile');

      expect(walk.hops[0]).toBe('/auth/wechat?returnTo=%2Fprofile&hop=1');
      expect(walk.landing).toMatchObject({ kind: 'profile', shown: { kind: 'full', view: { nickname: '张小明' } } });
    },
  );

  it('when WeChat refuses the refresh token too, sends the user through /auth/wechat again, which ends on the profile', async () => {
    const browser = createBrowser(fake);
    await browser.visit('/profile');
    clock.advance(2 * 3600_000);
    server.use(
      http.get(`${TEST_API_BASE}/sns/oauth2/refresh_token`, () => plain('{"errcode":42002,"errmsg":"expired"}'), {
        once: true,
      }),
    );

    const walk = await browser.visit('/profile');

    expect(walk.hops.slice(0, 2)).toEqual([
      '/auth/wechat/refresh?returnTo=%2Fprofile&hop=1',
      '/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile&hop=2',
    ]);
    expect(walk.landing).toMatchObject({ kind: 'profile', shown: { kind: 'full', view: { nickname: '张小明' } } });
  });
});

describe('what /profile shows, with the default PROFILE_TTL_SECONDS (600 s)', () => {
  let browserFor: typeof createBrowser;
  beforeAll(async () => {
    ({ createBrowser: browserFor } = await loadWithEnv(
      { PROFILE_TTL_SECONDS: '600' },
      () => import('../../support/browser'),
    ));
  });

  async function signedIn(persona: Parameters<typeof createBrowser>[1] = 'full') {
    const browser = browserFor(fake, persona);
    await browser.visit('/profile');
    fake().resetCalls();
    return browser;
  }

  it('within the TTL shows the stored profile without calling WeChat', async () => {
    const browser = await signedIn();
    clock.advance(60_000);

    const walk = await browser.visit('/profile');

    expect(walk.hops).toEqual([]);
    expect(walk.landing).toMatchObject({
      shown: { kind: 'full', view: { nickname: '张小明', sexLabel: '男' }, outdated: false },
    });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 0, 'sns/userinfo': 0 });
  });

  it('after the TTL asks WeChat once for a fresh profile', async () => {
    const browser = await signedIn('post2021');
    clock.advance(601_000);

    const walk = await browser.visit('/profile');

    expect(walk.landing).toMatchObject({ shown: { kind: 'full', view: { nickname: '恩爸', province: '未公开' } } });
    expect(fake().calls()['sns/userinfo']).toBe(1);
  });

  // A server component cannot set cookies: what it fetches after the TTL is shown, not stored.
  it('with a live token, asks WeChat exactly once per view after the TTL and never renews the token', async () => {
    const browser = await signedIn();
    clock.advance(601_000);

    for (const _view of [1, 2, 3])
      expect((await browser.visit('/profile')).landing).toMatchObject({ shown: { kind: 'full', outdated: false } });
    expect(fake().calls()).toMatchObject({
      'sns/oauth2/access_token': 0,
      'sns/oauth2/refresh_token': 0,
      'sns/userinfo': 3,
    });
  });

  it('renews an expired token through the refresh route with one refresh and one userinfo call, and the next view calls WeChat not at all', async () => {
    const browser = await signedIn();
    clock.advance(2 * 3600_000);

    const renewal = await browser.visit('/profile');
    expect(renewal.hops).toEqual(['/auth/wechat/refresh?returnTo=%2Fprofile&hop=1', '/profile']);
    expect(renewal.landing).toMatchObject({ shown: { kind: 'full', view: { nickname: '张小明' }, outdated: false } });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 1, 'sns/userinfo': 1 });

    fake().resetCalls();
    clock.advance(60_000);
    expect((await browser.visit('/profile')).hops).toEqual([]);
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 0, 'sns/userinfo': 0 });
  });
});
