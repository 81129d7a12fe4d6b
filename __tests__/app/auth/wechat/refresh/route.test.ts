/**
 * GET /auth/wechat/refresh: where /profile sends an expired access token. It renews the token, fetches the profile
 * again and stores both (a server component cannot set cookies); CONTRACT's failure table, row by row.
 */
import { GET as refresh } from '@/app/auth/wechat/refresh/route';
import { sessionForMember, unsealSession } from '@/lib/session/session';
import { PERSONAS, type Persona } from '@/mocks/wechat/personas';
import { createBrowser } from '../../../../support/browser';
import { TEST_SESSION_SECRET } from '../../../../support/env';
import { setupFakeWeChat } from '../../../../support/fake-wechat-server';
import { hrefs } from '../../../../support/matchers';
import { request, setCookieLine, setCookieValue } from '../../../../support/requests';
import { asWeChat, sessionCookie, sessionFor } from '../../../../support/sessions';
import {
  GARBAGE_ANSWERS,
  answerTooLate,
  answerWith,
  plain,
  recordCalls,
  userInfoAnswer,
} from '../../../../support/wechat-answers';

// Read by lib/env at the first request: a short limit keeps the timeout rows quick.
process.env.WECHAT_TIMEOUT_MS = '200';

const { fake, server } = setupFakeWeChat();
// Every failed call to WeChat logs one wechat_error line; this file does not read them.
beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

const longAgo = Math.floor(Date.now() / 1000) - 3 * 3600;
const REFRESH = '/auth/wechat/refresh?returnTo=%2Fprofile';
const SIGN_IN_AGAIN = '/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile&hop=1';

async function expiredSession(persona: Persona['id'] = 'full') {
  return sessionFor(fake(), persona, { accessTokenExpiresAt: longAgo, fetchedAt: longAgo });
}

async function refreshWith(session: Awaited<ReturnType<typeof expiredSession>>, path = REFRESH) {
  return refresh(request(path, { cookie: await sessionCookie(session) }));
}

const storedSession = async (response: Response) =>
  asWeChat(await unsealSession(setCookieValue(response, 'wx_session'), TEST_SESSION_SECRET));

describe('a renewal that goes through', () => {
  it('renews an expired access token with the refresh token, fetches the profile again and keeps both', async () => {
    const session = await expiredSession();
    const response = await refreshWith(session);
    expect(response).toRedirectTo('/profile', 303);
    const renewed = await storedSession(response);
    expect(renewed?.accessToken).not.toBe(session.accessToken);
    expect(renewed?.accessTokenExpiresAt).toBeGreaterThan(Date.now() / 1000);
    expect(renewed?.fetchedAt).toBeGreaterThan(longAgo);
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 1, 'sns/userinfo': 1 });
  });

  it('renews a snsapi_base session’s token alone: no profile to fetch, no sns/userinfo call', async () => {
    const response = await refreshWith({ ...(await expiredSession()), scope: 'snsapi_base', profile: null });
    expect(response).toRedirectTo('/profile', 303);
    expect(await storedSession(response)).toMatchObject({ scope: 'snsapi_base', profile: null });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 1, 'sns/userinfo': 0 });
  });

  it('keeps the session’s unionid when the renewed sns/userinfo names none', async () => {
    const { openid } = PERSONAS[0]!;
    answerWith(server, 'sns/userinfo', () => userInfoAnswer(openid));
    const response = await refreshWith({ ...(await expiredSession()), unionid: 'oUnionOfTheSession000000001' });
    expect(await storedSession(response)).toMatchObject({ unionid: 'oUnionOfTheSession000000001' });
  });

  it('writes the hop of the chain it belongs to into the renewed session', async () => {
    const response = await refreshWith(await expiredSession(), `${REFRESH}&hop=2`);
    expect((await storedSession(response))?.chain).toMatchObject({ hop: 2 });
  });

  it('comes back only to a same-site returnTo', async () => {
    const response = await refreshWith(
      await expiredSession(),
      '/auth/wechat/refresh?returnTo=https%3A%2F%2Fevil.example',
    );
    expect(response).toRedirectTo('/profile', 303);
  });

  it('sends a browser without a session to authorization', async () => {
    expect(await refresh(request(REFRESH))).toRedirectTo('/auth/wechat?returnTo=%2Fprofile', 302);
  });

  it('never renews a snapshot session: straight back to returnTo, WeChat not called, the cookie left as it is', async () => {
    const session = await sessionFor(fake(), 'snapshot', {
      snapshot: true,
      accessTokenExpiresAt: longAgo,
      fetchedAt: longAgo,
    });
    const calls = recordCalls(server);
    const response = await refreshWith(session);
    expect(response).toRedirectTo('/profile', 303);
    expect(setCookieLine(response, 'wx_session')).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('never renews a WeCom member’s session, which holds no user token: straight back, WeChat not called', async () => {
    const member = sessionForMember({ userid: 'zhangsan', name: '张三', position: '', detail: null });
    const calls = recordCalls(server);
    const response = await refresh(request(REFRESH, { cookie: await sessionCookie(member) }));
    expect(response).toRedirectTo('/profile', 303);
    expect(setCookieLine(response, 'wx_session')).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('gives each of 60 browsers renewing at once its own profile back', async () => {
    const pause = () => new Promise<void>((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5)));
    const people = Array.from({ length: 60 }, (_, i) => PERSONAS[(i * 7) % PERSONAS.length] as Persona);
    const browsers = people.map((persona) => createBrowser(fake, persona.id));
    await Promise.all(browsers.map((browser) => browser.visit('/profile')));
    const before = await Promise.all(browsers.map((browser) => browser.session()));

    const walks = await Promise.all(browsers.map((browser) => browser.visit(REFRESH, { beforeEach: pause })));

    for (const [i, persona] of people.entries()) {
      expect(walks[i]?.hops).toEqual(['/profile']);
      const session = await browsers[i]?.session();
      expect(session?.openid).toBe(before[i]?.openid);
      expect(session?.profile?.nickname).toBe(persona.nickname);
      // A snapshot session is never renewed.
      if (persona.snapshot) expect(session?.accessToken).toBe(before[i]?.accessToken);
      else expect(session?.accessToken).not.toBe(before[i]?.accessToken);
    }
  });
});

describe('failure table: WeChat busy (-1), an HTTP error, HTML, malformed JSON, a body that fails the schema', () => {
  it.each(GARBAGE_ANSWERS)(
    'refresh_token answering %s → 502 page with a retry; nothing was renewed, so the session is left as it is',
    async (_name, answer) => {
      answerWith(server, 'sns/oauth2/refresh_token', answer);
      const response = await refreshWith(await expiredSession());
      expect(response.status).toBe(502);
      expect(hrefs(await response.text())).toContain(REFRESH);
      expect(setCookieLine(response, 'wx_session')).toBeUndefined();
    },
  );

  it.each(GARBAGE_ANSWERS)(
    'userinfo answering %s after the renewal → 502 page with a retry that keeps the renewed token',
    async (_name, answer) => {
      const session = await expiredSession();
      answerWith(server, 'sns/userinfo', answer);
      const response = await refreshWith(session);
      expect(response.status).toBe(502);
      expect(hrefs(await response.text())).toContain(REFRESH);
      const kept = await storedSession(response);
      expect(kept?.accessToken).not.toBe(session.accessToken);
      expect(kept?.profile).toEqual(session.profile);
    },
  );
});

describe('failure table: WeChat does not answer within WECHAT_TIMEOUT_MS', () => {
  it('refresh_token too late → 504 page with a retry', async () => {
    answerTooLate(server, 'sns/oauth2/refresh_token', 1000);
    const response = await refreshWith(await expiredSession());
    expect(response.status).toBe(504);
    expect(hrefs(await response.text())).toContain(REFRESH);
  });

  it('userinfo too late after the renewal → 504 page with a retry that keeps the renewed token', async () => {
    const session = await expiredSession();
    answerTooLate(server, 'sns/userinfo', 1000);
    const response = await refreshWith(session);
    expect(response.status).toBe(504);
    expect((await storedSession(response))?.accessToken).not.toBe(session.accessToken);
  });
});

describe('failure table: WeChat refuses the tokens (42002, 40030, 40003, 48001)', () => {
  it.each([
    ['sns/oauth2/refresh_token', 40030],
    ['sns/oauth2/refresh_token', 42002],
    ['sns/oauth2/refresh_token', 40003],
    ['sns/userinfo', 48001],
  ] as const)('%s answering %i → through /auth/wechat again, the session ended', async (endpoint, errcode) => {
    const session = await expiredSession();
    answerWith(server, endpoint, () => plain(`{"errcode":${errcode},"errmsg":"refused"}`));
    const response = await refreshWith(session);
    expect(response).toRedirectTo(SIGN_IN_AGAIN, 302);
    expect(setCookieLine(response, 'wx_session')).toMatch(/Max-Age=0/);
  });

  it('past the bound on a chain of redirects, a refused refresh token ends on the 授权已失效 page, the session ended', async () => {
    answerWith(server, 'sns/oauth2/refresh_token', () => plain('{"errcode":42002,"errmsg":"refresh_token expired"}'));
    const response = await refreshWith(await expiredSession(), `${REFRESH}&hop=3`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('授权链接已失效');
    expect(hrefs(html)).toContain('/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile');
    expect(setCookieLine(response, 'wx_session')).toMatch(/Max-Age=0/);
  });
});

describe('failure table: bad AppID/AppSecret (40013, 40125)', () => {
  it.each([40013, 40125])('%i → 5xx page with a plain apology and no retry loop', async (errcode) => {
    answerWith(server, 'sns/oauth2/refresh_token', () => plain(`{"errcode":${errcode},"errmsg":"invalid"}`));
    const response = await refreshWith(await expiredSession());
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain('抱歉');
    expect(html).not.toContain(String(errcode));
    expect(hrefs(html)).not.toContain(REFRESH);
  });
});

describe('input no link of the app has: refused before any call to WeChat', () => {
  it.each([
    ['a repeated returnTo', `${REFRESH}&returnTo=%2Fother`],
    ['a hop that is not one digit', `${REFRESH}&hop=10`],
  ])('%s → 400 page', async (_name, path) => {
    const session = await expiredSession();
    const calls = recordCalls(server);
    const response = await refreshWith(session, path);
    expect(response.status).toBe(400);
    expect(calls).toEqual([]);
  });
});
