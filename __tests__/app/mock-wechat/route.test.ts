/** /mock-wechat/...: the built-in mock of WeChat's authorize page and sns/* API; 404 whenever mock mode is off. */
import { NextRequest } from 'next/server';
import { TEST_ORIGIN, WECHAT_UA } from '../../support/env';
import { loadWithEnv } from '../../support/isolated';

type RouteModule = typeof import('@/app/mock-wechat/[...path]/route');

const MOCK_KEY = Symbol.for('wechat-oauth-next.mock-wechat');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const MOCK_PATHS = [
  '/mock-wechat/connect/oauth2/authorize?appid=wxmock0000000000001&redirect_uri=https%3A%2F%2Fwx.example.test%2Fauth%2Fwechat%2Fcallback&response_type=code&scope=snsapi_base&state=abc',
  '/mock-wechat/connect/oauth2/authorize/confirm',
  '/mock-wechat/sns/oauth2/access_token?appid=wxmock0000000000001&secret=mock-app-secret&code=x&grant_type=authorization_code',
  '/mock-wechat/sns/oauth2/refresh_token?appid=wxmock0000000000001&grant_type=refresh_token&refresh_token=x',
  '/mock-wechat/sns/userinfo?access_token=x&openid=y&lang=zh_CN',
  '/mock-wechat/sns/auth?access_token=x&openid=y',
  '/mock-wechat/__stats',
  '/mock-wechat/cgi-bin/stable_token',
  '/mock-wechat/cgi-bin/ticket/getticket?access_token=x&type=jsapi',
  '/mock-wechat/cgi-bin/user/info?access_token=x&openid=y&lang=zh_CN',
  '/mock-wechat/open/js/jweixin-1.6.0.js',
  '/mock-wechat/jssdk/preverify',
  '/mock-wechat/qlogo/mmopen/vi_32/MockFullProfileAvatar/132',
  '/mock-wechat/anything/else',
];

const call = (route: RouteModule, method: (typeof METHODS)[number], path: string): Promise<Response> =>
  route[method](new NextRequest(`${TEST_ORIGIN}${path}`, { method, headers: { 'user-agent': WECHAT_UA } }));

/** The route, the app's WeChat client and lib/env, loaded afresh with WECHAT_MOCK set (or as support/test.env has it). */
function loadWith(mock?: '0' | '1') {
  return loadWithEnv(mock ? { WECHAT_MOCK: mock } : {}, async () => ({
    route: await import('@/app/mock-wechat/[...path]/route'),
    wechat: await import('@/lib/wechat/client'),
    env: await import('@/lib/env'),
  }));
}

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[MOCK_KEY];
});

describe('/mock-wechat/... with mock mode off', () => {
  it.each(METHODS)('answers %s with 404 on every mock route, and creates no mock', async (method) => {
    const { route } = await loadWith('0');
    for (const path of MOCK_PATHS) {
      const response = await call(route, method, path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
      const body = await response.text();
      expect(body).not.toMatch(/wxmock|mock-app-secret|errcode/);
      expect(body).toContain('页面不存在');
    }
    expect((globalThis as Record<symbol, unknown>)[MOCK_KEY]).toBeUndefined();
  });

  it('is off under the committed test configuration (support/test.env)', async () => {
    const { route, env } = await loadWith();
    expect(env.getEnv().mode).toBe('wechat');
    expect((await call(route, 'GET', '/mock-wechat/__stats')).status).toBe(404);
  });
});

describe('/mock-wechat/... with mock mode on', () => {
  it('serves the authorize page: snsapi_base redirects at once with a code', async () => {
    const { route } = await loadWith('1');
    const response = await call(route, 'GET', MOCK_PATHS[0]!);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(
      /^https:\/\/wx\.example\.test\/auth\/wechat\/callback\?code=[A-Za-z0-9]{32}&state=abc$/,
    );
  });

  it('marks its pages and redirects no-store, as they carry one-time codes', async () => {
    const { route } = await loadWith('1');
    expect((await call(route, 'GET', MOCK_PATHS[0]!)).headers.get('cache-control')).toBe('no-store');
  });

  it('answers unknown mock paths and methods with 404', async () => {
    const { route } = await loadWith('1');
    expect((await call(route, 'GET', '/mock-wechat/anything/else')).status).toBe(404);
    expect((await call(route, 'DELETE', '/mock-wechat/sns/userinfo')).status).toBe(404);
  });

  it('shares one fake per process between the routes and the app’s client, which never leaves the process', async () => {
    const { route, wechat, env } = await loadWith('1');
    const authorize = await call(route, 'GET', MOCK_PATHS[0]!);
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const client = await wechat.wechatClientFor(env.getEnv(), TEST_ORIGIN);
    expect(
      client.authorizeUrl({ redirectUri: `${TEST_ORIGIN}/auth/wechat/callback`, scope: 'snsapi_base', state: 'abc' }),
    ).toMatch(new RegExp(`^${TEST_ORIGIN}/mock-wechat/connect/oauth2/authorize\\?appid=wxmock0000000000001&`));
    const token = await client.exchangeCode(code);
    expect(token.openid).toBe('oMockFullProfile000000000001');
    const stats = (await (await call(route, 'GET', '/mock-wechat/__stats')).json()) as {
      calls: Record<string, number>;
    };
    expect(stats.calls['sns/oauth2/access_token']).toBe(1);
  });

  it('answers cgi-bin/user/info with the account token of its stable_token: 张小明 follows, 恩爸 does not', async () => {
    const { route } = await loadWith('1');
    const body = JSON.stringify({
      grant_type: 'client_credential',
      appid: 'wxmock0000000000001',
      secret: 'mock-app-secret',
      force_refresh: false,
    });
    const tokenAnswer = await route.POST(
      new NextRequest(`${TEST_ORIGIN}/mock-wechat/cgi-bin/stable_token`, { method: 'POST', body }),
    );
    const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
    const follower = async (openid: string) =>
      (
        await call(route, 'GET', `/mock-wechat/cgi-bin/user/info?access_token=${token}&openid=${openid}&lang=zh_CN`)
      ).json();
    expect(await follower('oMockFullProfile000000000001')).toMatchObject({ subscribe: 1 });
    expect(await follower('oMockPost2021User00000000002')).toMatchObject({ subscribe: 0 });
  });

  it('is no open redirect: a redirect_uri on another host gets WeChat’s 10003 page, from the authorize page and the consent form alike', async () => {
    const { route } = await loadWith('1');
    const evil = MOCK_PATHS[0]!.replace(
      encodeURIComponent('https://wx.example.test'),
      encodeURIComponent('https://evil.example'),
    );
    const silent = await call(route, 'GET', evil);
    expect(silent.headers.get('location')).toBeNull();
    expect(await silent.text()).toContain('redirect_uri域名与后台配置不一致');
    const query = new URL(evil, TEST_ORIGIN).search.slice(1).replace('snsapi_base', 'snsapi_userinfo');
    const consent = await route.POST(
      new NextRequest(`${TEST_ORIGIN}/mock-wechat/connect/oauth2/authorize/confirm`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `${query}&persona=full&decision=allow`,
      }),
    );
    expect(consent.headers.get('location')).toBeNull();
    expect(await consent.text()).toContain('redirect_uri域名与后台配置不一致');
  });
});
