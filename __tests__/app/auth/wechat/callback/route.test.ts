/** GET /auth/wechat/callback: CONTRACT's routes table and failure table, row by row. */
import { setupFakeWeChat } from '../../../../support/fake-wechat-server';
import { request, startAuthorization } from '../../../../support/requests';

const { fake, server } = setupFakeWeChat();

describe('sns/userinfo is asked in WECHAT_LANG', () => {
  const saved = process.env.WECHAT_LANG;
  afterEach(() => {
    process.env.WECHAT_LANG = saved;
    jest.resetModules();
  });

  it.each(['en', 'zh_TW', 'zh_CN'])(
    'with WECHAT_LANG=%s the callback asks sns/userinfo for the profile in that language',
    async (lang) => {
      process.env.WECHAT_LANG = lang;
      jest.resetModules();
      const { GET: isolatedCallback } = await import('@/app/auth/wechat/callback/route');
      const urls: URL[] = [];
      server.events.on('request:start', ({ request: r }) => urls.push(new URL(r.url)));
      const { state, stateCookie } = await startAuthorization();

      const response = await isolatedCallback(
        request(`/auth/wechat/callback?code=${fake().issueCode('full')}&state=${state}`, { cookie: stateCookie }),
      );

      expect(response.status).toBe(303);
      const userinfo = urls.filter((url) => url.pathname.endsWith('/sns/userinfo'));
      expect(userinfo.map((url) => url.searchParams.get('lang'))).toEqual([lang]);
    },
  );
});
