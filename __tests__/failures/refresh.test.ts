import { GET as refresh } from '@/app/auth/wechat/refresh/route';
import { setupFakeWeChat } from '../support/fake-wechat-server';
import { TEST_ORIGIN } from '../support/env';
import { request, setCookieLine } from '../support/requests';
import { sessionCookie, sessionFor } from '../support/sessions';
import { GARBAGE_ANSWERS, answerTooLate, answerWith, hrefs, plain } from './support';

process.env.WECHAT_TIMEOUT_MS = '200';

const { fake, server } = setupFakeWeChat();
beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

const longAgo = Math.floor(Date.now() / 1000) - 3 * 3600;
const REFRESH = '/auth/wechat/refresh?returnTo=%2Fprofile';

async function expiredSessionCookie(): Promise<string> {
  return sessionCookie(await sessionFor(fake(), 'full', { accessTokenExpiresAt: longAgo, fetchedAt: longAgo }));
}

describe('failure table, on the token refresh route', () => {
  it.each(GARBAGE_ANSWERS)(
    'refresh_token answering %s → 502 page with a retry, the session kept',
    async (_name, answer) => {
      answerWith(server, 'sns/oauth2/refresh_token', answer);
      const response = await refresh(request(REFRESH, { cookie: await expiredSessionCookie() }));
      expect(response.status).toBe(502);
      expect(hrefs(await response.text())).toContain(REFRESH);
      expect(setCookieLine(response, 'wx_session')).toBeUndefined();
    },
  );

  it('refresh_token too late → 504 page with a retry', async () => {
    answerTooLate(server, 'sns/oauth2/refresh_token', 1000);
    const response = await refresh(request(REFRESH, { cookie: await expiredSessionCookie() }));
    expect(response.status).toBe(504);
    expect(hrefs(await response.text())).toContain(REFRESH);
  });

  it.each([40030, 42002])(
    'a refused refresh token (%i) → through /auth/wechat again, the session ended',
    async (errcode) => {
      answerWith(server, 'sns/oauth2/refresh_token', () => plain(`{"errcode":${errcode},"errmsg":"x"}`));
      const response = await refresh(request(REFRESH, { cookie: await expiredSessionCookie() }));
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe(
        `${TEST_ORIGIN}/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile`,
      );
      expect(setCookieLine(response, 'wx_session')).toMatch(/Max-Age=0/);
    },
  );

  it('a bad AppID (40013) → 5xx page with a plain apology and no retry loop', async () => {
    answerWith(server, 'sns/oauth2/refresh_token', () => plain('{"errcode":40013,"errmsg":"invalid appid"}'));
    const response = await refresh(request(REFRESH, { cookie: await expiredSessionCookie() }));
    expect(response.status).toBeGreaterThanOrEqual(500);
    const html = await response.text();
    expect(html).toContain('抱歉');
    expect(html).not.toContain('40013');
  });
});
