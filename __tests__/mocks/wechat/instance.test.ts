import { resolveOrigin } from '@/lib/env';
import { getMockWeChat as mockFor, mockGet, type MockEnv } from '@/mocks/wechat/instance';

const MOCK_API_BASE_URL = 'http://mock-wechat.invalid/mock-wechat';
// As lib/wechat/backend.ts mounts it: pages on the host the request names, no APP_BASE_URL.
const getMockWeChat = (env: MockEnv) =>
  mockFor(env, { pageOrigin: (request) => resolveOrigin(request, { appBaseUrl: undefined }) });

const KEY = Symbol.for('wechat-oauth-next.mock-wechat');
const ENV: MockEnv = {
  appId: 'wxmock0000000000001',
  appSecret: 'mock-app-secret',
  openApp: null,
  authRelay: null,
  timeoutMs: 5000,
  mockWeChat: { latencyMs: 0, faultRate: 0, faults: [] },
};

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[KEY];
});

const exchangeThrough = async (env: MockEnv, code: string) => {
  const answer = await mockGet(getMockWeChat(env), '/mock-wechat')(
    `${MOCK_API_BASE_URL}/sns/oauth2/access_token?appid=${env.appId}&secret=${env.appSecret}&code=${code}&grant_type=authorization_code`,
    new AbortController().signal,
  );
  return JSON.parse(answer.body) as Record<string, unknown>;
};

describe('the mock WeChat instance of a process', () => {
  it('is one fake for every caller, so codes issued by the routes are known to the app’s client', async () => {
    const code = getMockWeChat(ENV).issueCode('post2021');
    expect(getMockWeChat({ ...ENV, mockWeChat: { ...ENV.mockWeChat, faultRate: 1 } })).toBe(getMockWeChat(ENV));
    expect(await exchangeThrough(ENV, code)).toMatchObject({ openid: 'oMockPost2021User00000000002' });
  });

  it('injects the configured random faults and ignores fault names it does not know', async () => {
    const env = { ...ENV, mockWeChat: { latencyMs: 0, faultRate: 1, faults: ['busy', 'no-such-fault'] } };
    const fake = getMockWeChat(env);
    expect(await exchangeThrough(env, fake.issueCode())).toMatchObject({ errcode: -1 });
  });

  const authorizeThrough = (env: MockEnv) => (redirect: string) =>
    getMockWeChat(env).handle(
      new Request(
        `http://localhost:3100/mock-wechat/connect/oauth2/authorize?appid=${env.appId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=snsapi_base&state=abc`,
        { headers: { host: 'localhost:3100' } },
      ),
      '/mock-wechat',
    );

  it('on a deployment that signs in through a relay, redirects to the relay’s host alone, as WeChat would', async () => {
    const authorize = authorizeThrough({ ...ENV, authRelay: { url: 'http://127.0.0.1:3101', secret: 'x'.repeat(32) } });
    const relayLink = 'http://127.0.0.1:3101/auth/wechat/relay?to=http%3A%2F%2Flocalhost%3A3100&sig=abc';
    expect((await authorize(relayLink)).headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:3101\/auth\/wechat\/relay\?to=http%3A%2F%2Flocalhost%3A3100&sig=abc&code=\w{32}&state=abc$/,
    );
    // The deployment's own host is no 网页授权域名 of the account: WeChat answers 10003 on its own page.
    for (const elsewhere of ['http://localhost:3100/auth/wechat/callback', 'https://evil.example/auth/wechat/relay']) {
      const response = await authorize(elsewhere);
      expect({ elsewhere, location: response.headers.get('location') }).toEqual({ elsewhere, location: null });
      expect(await response.text()).toContain('10003');
    }
  });

  it('moves on from the consent sheet to the relay with a page: the app’s CSP (form-action ’self’) blocks that redirect', async () => {
    const relayLink = 'http://127.0.0.1:3101/auth/wechat/relay?to=http%3A%2F%2Flocalhost%3A3100&sig=abc';
    const confirm = (env: MockEnv, redirect: string) =>
      getMockWeChat(env).handle(
        new Request('http://localhost:3100/mock-wechat/connect/oauth2/authorize/confirm', {
          method: 'POST',
          headers: { host: 'localhost:3100', 'content-type': 'application/x-www-form-urlencoded' },
          body: `appid=${env.appId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=snsapi_userinfo&state=abc&persona=full&decision=allow`,
        }),
        '/mock-wechat',
      );
    const relayed = await confirm(
      { ...ENV, authRelay: { url: 'http://127.0.0.1:3101', secret: 'x'.repeat(32) } },
      relayLink,
    );
    expect(relayed.status).toBe(200);
    expect(await relayed.text()).toMatch(
      /<meta http-equiv="refresh" content="0;url=http:\/\/127\.0\.0\.1:3101\/auth\/wechat\/relay\?to=http%3A%2F%2Flocalhost%3A3100&#38;sig=abc&#38;code=\w{32}&#38;state=abc">/,
    );
    delete (globalThis as Record<symbol, unknown>)[KEY];
    const direct = await confirm(ENV, 'http://localhost:3100/auth/wechat/callback');
    expect(direct.status).toBe(303);
    expect(direct.headers.get('location')).toMatch(
      /^http:\/\/localhost:3100\/auth\/wechat\/callback\?code=\w{32}&state=abc$/,
    );
  });

  it('redirects only to the host the app is served from when no APP_BASE_URL is set', async () => {
    const authorize = (redirect: string) =>
      getMockWeChat(ENV).handle(
        new Request(
          `http://127.0.0.1:3100/mock-wechat/connect/oauth2/authorize?appid=${ENV.appId}&redirect_uri=${encodeURIComponent(redirect)}&response_type=code&scope=snsapi_base&state=abc`,
          {
            headers: { host: '127.0.0.1:3100' },
          },
        ),
        '/mock-wechat',
      );
    expect((await authorize('http://127.0.0.1:3100/auth/wechat/callback')).headers.get('location')).toMatch(
      /^http:\/\/127\.0\.0\.1:3100\/auth\/wechat\/callback\?code=/,
    );
    for (const elsewhere of [
      'http://127.0.0.1:3101/auth/wechat/callback',
      'https://evil.example/auth/wechat/callback',
    ]) {
      const response = await authorize(elsewhere);
      expect({ elsewhere, location: response.headers.get('location') }).toEqual({ elsewhere, location: null });
    }
  });
});
