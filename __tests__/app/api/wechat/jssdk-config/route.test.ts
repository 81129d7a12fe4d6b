/**
 * GET /api/wechat/jssdk-config?url=: wx.config's signature for a page of this app (CONTRACT), with the account token
 * and jsapi_ticket fetched once for every instance that shares the store (WECHAT-PROTOCOL §15).
 */
import { MOCK_APPS } from '@/lib/env';
import type { AccountFault } from '@/mocks/wechat/cgi';
import type { FakeWeChat } from '@/mocks/wechat/fake-wechat';
import { freePort } from '@/scripts/redis-server';
import { TEST_API_BASE, TEST_APP_ID, TEST_APP_SECRET, TEST_ORIGIN } from '../../../../support/env';
import { setupFakeWeChat } from '../../../../support/fake-wechat-server';
import { loadWithEnv } from '../../../../support/isolated';
import { eventually } from '../../../../support/clock';
import { redisServerForThisFile } from '../../../../support/redis';
import { captureWarnings } from '../../../../support/logs';
import { request } from '../../../../support/requests';

const { fake, server } = setupFakeWeChat();
const redis = redisServerForThisFile();
const warnings = captureWarnings();

const PAGE = `${TEST_ORIGIN}/profile?from=timeline`;

/** A fresh instance of the app: its own module registry, so its own store client and in-process state. */
// The store is opened inside the instance's own module registry: lib/store imports the Redis client on first use,
// and an import after jest's isolation would come from the shared registry, with error classes of its own.
const instance = (vars: Record<string, string> = {}) =>
  loadWithEnv({ WECHAT_TIMEOUT_MS: '500', ...vars }, async () => {
    const route = await import('@/app/api/wechat/jssdk-config/route');
    const [{ backendFor }, { getEnv }] = await Promise.all([import('@/lib/wechat/backend'), import('@/lib/env')]);
    await backendFor(getEnv()).store();
    return route;
  });

const configFor = (route: Awaited<ReturnType<typeof instance>>, url: string | null = PAGE) =>
  route.GET(
    request(url === null ? '/api/wechat/jssdk-config' : `/api/wechat/jssdk-config?url=${encodeURIComponent(url)}`),
  );

/** Asks the fake WeChat, as the JS-SDK does, whether a config signs `url` with the ticket it issued. */
async function wechatAccepts(config: Record<string, unknown>, url = PAGE): Promise<string> {
  const body = JSON.stringify({ ...config, url });
  const answer = await fake().handle(new Request(`${TEST_API_BASE}/jssdk/preverify`, { method: 'POST', body }));
  return ((await answer.json()) as { errMsg: string }).errMsg;
}

const withFaults = (account: AccountFault[]) => fake().configureFaults({ account });

describe('a signature WeChat accepts', () => {
  it('answers appId, timestamp, nonceStr and a signature the fake WeChat verifies against the ticket it issued', async () => {
    const response = await configFor(await instance(), `${PAGE}#share`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const config = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(config).sort()).toEqual(['appId', 'nonceStr', 'signature', 'timestamp']);
    expect(config).toMatchObject({ appId: TEST_APP_ID, nonceStr: expect.stringMatching(/^[A-Za-z0-9]{16}$/) });
    expect(Math.abs(Number(config.timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(await wechatAccepts(config)).toBe('config:ok');
    expect(await wechatAccepts(config, `${TEST_ORIGIN}/profile`)).toBe('config:invalid signature');
    expect(await wechatAccepts({ ...config, nonceStr: 'another-nonce' })).toBe('config:invalid signature');
  });

  it('gets the account token from stable_token by POST in normal mode, with the secret only in the body', async () => {
    const seen: { url: string; method: string; body: string }[] = [];
    server.events.on('request:start', async ({ request: r }) => {
      seen.push({ url: r.url, method: r.method, body: await r.clone().text() });
    });
    expect((await configFor(await instance())).status).toBe(200);
    expect(seen.map(({ url, method }) => `${method} ${url.replace(/access_token=[^&]+/, 'access_token=…')}`)).toEqual([
      `POST ${TEST_API_BASE}/cgi-bin/stable_token`,
      `GET ${TEST_API_BASE}/cgi-bin/ticket/getticket?access_token=…&type=jsapi`,
    ]);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({
      grant_type: 'client_credential',
      appid: TEST_APP_ID,
      secret: TEST_APP_SECRET,
      force_refresh: false,
    });
  });

  it('signs later pages with the cached ticket: one stable_token and one getticket for many requests', async () => {
    const route = await instance();
    for (const path of ['/profile', '/profile?a=1', '/'])
      expect((await configFor(route, `${TEST_ORIGIN}${path}`)).status).toBe(200);
    expect(fake().calls()).toMatchObject({ 'cgi-bin/stable_token': 1, 'cgi-bin/ticket/getticket': 1 });
  });
});

describe('two production instances sharing one Redis', () => {
  it('fire 50 parallel requests across both and WeChat sees one stable_token and one getticket call', async () => {
    const [a, b] = [await instance({ REDIS_URL: redis.url() }), await instance({ REDIS_URL: redis.url() })];
    expect(a.GET).not.toBe(b.GET);
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => configFor(i % 2 ? a : b)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    const configs = (await Promise.all(responses.map((r) => r.json()))) as Record<string, unknown>[];
    expect(await wechatAccepts(configs[0]!)).toBe('config:ok');
    expect(await wechatAccepts(configs[49]!)).toBe('config:ok');
    expect(fake().calls()).toMatchObject({ 'cgi-bin/stable_token': 1, 'cgi-bin/ticket/getticket': 1 });
  });
});

describe('a url that is not a page of this app → 400 JSON', () => {
  it.each([
    ['missing', null],
    ['empty', ''],
    ['malformed', 'not a url'],
    ['on another origin', 'https://evil.example/profile'],
    ['on another scheme', 'javascript:alert(1)'],
    ['a blob: URL wrapping this origin', `blob:${TEST_ORIGIN}/3f1c0a52-7d2e-4c1b-9a59-0c3e5a1b2c3d`],
    // Not as a browser's location.href writes it: the route signs no odd string.
    ['a backslash that moves the host', `${TEST_ORIGIN}\\@evil.example/`],
    ['an upper-case scheme', TEST_ORIGIN.replace('https', 'HTTPS') + '/profile'],
    ['a user and password', TEST_ORIGIN.replace('https://', 'https://user:pw@') + '/profile'],
    ['no path at all', TEST_ORIGIN],
  ])('%s', async (_, url) => {
    const response = await configFor(await instance(), url);
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: 'bad_url' });
    expect(fake().calls()).toMatchObject({ 'cgi-bin/stable_token': 0 });
  });
});

describe('when no ticket can be had → 503 JSON naming no secret', () => {
  it.each<[string, AccountFault, number, string, Record<string, string>]>([
    ['40164 (IP not on the whitelist)', 'ip-not-allowed', 40164, 'IP白名单', { ip: '203.0.113.7' }],
    ['45009 (daily quota used up)', 'quota', 45009, 'quota', {}],
  ])('%s, with one operator log line saying what to do', async (_, fault, errcode, hint, extra) => {
    withFaults([fault]);
    const response = await configFor(await instance());
    expect(response.status).toBe(503);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'unavailable' });
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0]!)).toMatchObject({
      event: 'wechat_error',
      errcode,
      hint: expect.stringContaining(hint),
    });
    for (const said of [text, ...warnings]) expect(said).not.toContain(TEST_APP_SECRET);
  });

  it('40125 (wrong AppSecret) → 503 and a log line naming WECHAT_APPSECRET, never its value', async () => {
    const response = await configFor(await instance({ WECHAT_APPSECRET: 'not-the-right-secret' }));
    expect(response.status).toBe(503);
    expect(JSON.parse(warnings[0]!)).toMatchObject({
      errcode: 40125,
      hint: expect.stringContaining('WECHAT_APPSECRET'),
    });
    expect(warnings.join('\n')).not.toContain('not-the-right-secret');
  });

  it('Redis unreachable → 503 (no request waits on Redis: no offline queue, no reconnect loop), and WeChat is not called', async () => {
    const route = await instance({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const response = await configFor(route);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'unavailable' });
    expect(fake().calls()).toMatchObject({ 'cgi-bin/stable_token': 0 });
  });

  it('Redis going down → 503 at once, and signatures again once it is back', async () => {
    const route = await instance({ REDIS_URL: redis.url() });
    expect((await configFor(route)).status).toBe(200);
    await redis.stop();
    try {
      expect((await configFor(route)).status).toBe(503);
      expect((await configFor(route)).status).toBe(503);
    } finally {
      await redis.start();
    }
    expect(await eventually(async () => (await configFor(route)).status, 200)).toBe(200);
    const response = await configFor(route);
    expect(response.status).toBe(200);
    expect(await wechatAccepts((await response.json()) as Record<string, unknown>)).toBe('config:ok');
  });
});

describe('an account token overwritten elsewhere (40001)', () => {
  it('is dropped and fetched again, once, and the page still gets a signature WeChat accepts', async () => {
    withFaults(['token-overwritten']);
    const response = await configFor(await instance({ REDIS_URL: redis.url() }));
    expect(response.status).toBe(200);
    expect(await wechatAccepts((await response.json()) as Record<string, unknown>)).toBe('config:ok');
    expect(fake().calls()).toMatchObject({ 'cgi-bin/stable_token': 2, 'cgi-bin/ticket/getticket': 2 });
    expect(warnings.map((line) => JSON.parse(line) as { errcode?: number })).toMatchObject([{ errcode: 40001 }]);
  });
});

describe('with WECHAT_JSSDK=0', () => {
  it('does not exist (404) and never calls WeChat', async () => {
    const response = await configFor(await instance({ WECHAT_JSSDK: '0' }));
    expect(response.status).toBe(404);
    expect(fake().calls()).toMatchObject({ 'cgi-bin/stable_token': 0 });
  });
});

describe('in mock mode', () => {
  const MOCK_KEY = Symbol.for('wechat-oauth-next.mock-wechat');
  const mockWeChat = () => (globalThis as Record<symbol, unknown>)[MOCK_KEY] as FakeWeChat;
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[MOCK_KEY];
  });

  it('signs with the ticket of the built-in mock, which accepts the signature, and never leaves the process', async () => {
    const response = await configFor(await instance({ WECHAT_MOCK: '1' }));
    expect(response.status).toBe(200);
    const config = (await response.json()) as Record<string, unknown>;
    expect(config).toMatchObject({ appId: MOCK_APPS.mp.appId });
    const check = new Request(`${TEST_ORIGIN}/mock-wechat/jssdk/preverify`, {
      method: 'POST',
      body: JSON.stringify({ ...config, url: PAGE }),
    });
    expect(await (await mockWeChat().handle(check, '/mock-wechat')).json()).toEqual({ errMsg: 'config:ok' });
    expect(fake().calls()).toMatchObject({ 'cgi-bin/stable_token': 0 });
  });

  it('with the redis-down fault answers 503 and asks the mock WeChat nothing', async () => {
    const response = await configFor(await instance({ WECHAT_MOCK: '1', MOCK_WECHAT_FAULTS: 'redis-down' }));
    expect(response.status).toBe(503);
    expect(mockWeChat().calls()).toMatchObject({ 'cgi-bin/stable_token': 0, 'cgi-bin/ticket/getticket': 0 });
  });
});
