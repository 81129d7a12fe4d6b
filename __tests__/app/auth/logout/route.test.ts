/** POST /auth/logout ends the session and 303s home; a logout another site posts is ignored. */
import { GET, POST } from '@/app/auth/logout/route';
import { sealSession, sessionFromTokens } from '@/lib/session/session';
import { freePort } from '@/scripts/redis-server';
import { fakeClock } from '../../../support/clock';
import { TEST_ORIGIN, TEST_SESSION_SECRET } from '../../../support/env';
import { loadWithEnv } from '../../../support/isolated';
import { redisServerForThisFile } from '../../../support/redis';
import { request, setCookieLine } from '../../../support/requests';

const post = (headers: Record<string, string>) =>
  POST(request('/auth/logout', { method: 'POST', cookie: 'wx_session=abc', headers }));

function expectSessionEnded(response: Response): void {
  expect(response).toRedirectTo('/', 303);
  expect(setCookieLine(response, 'wx_session')).toMatch(/Max-Age=0/);
  expect(setCookieLine(response, 'wx_session')).toMatch(/Path=\/(;|$)/);
}

function expectSessionKept(response: Response): void {
  expect(response).toRedirectTo('/', 303);
  expect(setCookieLine(response, 'wx_session')).toBeUndefined();
}

describe('POST /auth/logout', () => {
  it('ends the session and 303s home', async () => {
    expectSessionEnded(await post({ origin: TEST_ORIGIN }));
  });

  // Our own form sends Origin: null, because the page's Referrer-Policy is no-referrer.
  it('ends the session when the browser says the form is this site’s own, even with Origin: null', async () => {
    expectSessionEnded(await post({ 'sec-fetch-site': 'same-origin', origin: 'null' }));
    expectSessionEnded(await post({ 'sec-fetch-site': 'none' }));
  });

  it.each(['cross-site', 'same-site'])(
    'keeps the session and 303s home when the browser says the form came from a %s page, whatever Origin says',
    async (site) => {
      expectSessionKept(await post({ 'sec-fetch-site': site, origin: 'null' }));
      expectSessionKept(await post({ 'sec-fetch-site': site }));
      expectSessionKept(await post({ 'sec-fetch-site': site, origin: TEST_ORIGIN }));
    },
  );

  it('without Sec-Fetch-Site (older browsers), ignores a logout whose Origin is another site', async () => {
    expectSessionKept(await post({ origin: 'https://evil.example' }));
    expectSessionKept(await post({ origin: 'https://wx.example.test.evil.example' }));
  });

  it('without Sec-Fetch-Site (older browsers), accepts Origin: null or none, as our own no-referrer form sends', async () => {
    expectSessionEnded(await post({ origin: 'null' }));
    expectSessionEnded(await post({}));
  });
});

describe('GET /auth/logout', () => {
  it('never ends the session (a link or an image could send it): it only goes home', async () => {
    expectSessionKept(await GET(request('/auth/logout', { cookie: 'wx_session=abc' })));
  });
});

describe('a session ended at logout stays ended (CONTRACT: POST /auth/logout)', () => {
  const redis = redisServerForThisFile();

  const token = {
    access_token: 'AT',
    expires_in: 7200,
    refresh_token: 'RT',
    openid: 'oLoggedOut',
    scope: 'snsapi_base',
  };
  const cookieOf = async () =>
    `wx_session=${await sealSession(sessionFromTokens(token, null, 'snsapi_base'), TEST_SESSION_SECRET)}`;

  /** An instance of the app: its own module registry, so its own store client (opened inside that registry). */
  const instance = (vars: Record<string, string> = {}) =>
    loadWithEnv(vars, async () => {
      const [route, session, env, backend] = await Promise.all([
        import('@/app/auth/logout/route'),
        import('@/lib/session/session'),
        import('@/lib/env'),
        import('@/lib/wechat/backend'),
      ]);
      await backend.backendFor(env.getEnv()).store();
      const reads = (cookie: string) => session.readSession(request('/profile', { cookie }), env.getEnv());
      return { logout: (cookie: string) => route.POST(request('/auth/logout', { method: 'POST', cookie })), reads };
    });

  it('leaves a copy of the cookie taken before logout signing no one in, on this instance', async () => {
    const app = await instance();
    const copy = await cookieOf();
    expect(await app.reads(copy)).toMatchObject({ openid: 'oLoggedOut' });
    expectSessionEnded(await app.logout(copy));
    expect(await app.reads(copy)).toBeNull();
  });

  it('on one server without Redis, ends it for the pages too, though each route bundle has its own copy of lib/', async () => {
    const [page, logoutRoute] = [await instance(), await instance()];
    const copy = await cookieOf();
    expectSessionEnded(await logoutRoute.logout(copy));
    expect(await page.reads(copy)).toBeNull();
  });

  it('leaves the copy signing no one in on every instance that shares the store', async () => {
    const [a, b] = [await instance({ REDIS_URL: redis.url() }), await instance({ REDIS_URL: redis.url() })];
    const copy = await cookieOf();
    expect(await a.reads(copy)).toMatchObject({ openid: 'oLoggedOut' });
    expectSessionEnded(await b.logout(copy));
    expect(await a.reads(copy)).toBeNull();
    expect(await a.reads(await cookieOf())).toMatchObject({ openid: 'oLoggedOut' });
  });

  describe('for as long as the cookie itself could be presented', () => {
    const clock = fakeClock();

    it('leaves the copy signing no one in 29 days after logout', async () => {
      const app = await instance();
      const copy = await cookieOf();
      expectSessionEnded(await app.logout(copy));
      clock.advance(29 * 24 * 60 * 60 * 1000);
      expect(await app.reads(copy)).toBeNull();
    });
  });

  it('with the store down, keeps serving valid sessions, and a logout still clears the cookie with one log line', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const app = await instance({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, WECHAT_TIMEOUT_MS: '200' });
    const copy = await cookieOf();
    expect(await app.reads(copy)).toMatchObject({ openid: 'oLoggedOut' });
    expectSessionEnded(await app.logout(copy));
    expect(warn.mock.calls.flat().join('\n')).toMatch(/logout_not_remembered/);
    expect(warn.mock.calls.flat().join('\n')).not.toContain('127.0.0.1');
    warn.mockRestore();
  });
});
