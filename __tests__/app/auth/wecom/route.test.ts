/**
 * WeCom (企业微信) sign-ins: CONTRACT's two WeCom start rows, the member's page, the 403 page, the WeCom failure row
 * and the app token line of "Sessions and tokens" (WECHAT-PROTOCOL §19).
 */
import { http } from 'msw';
import { sessionForMember, unsealSession } from '@/lib/session/session';
import { freePort } from '@/scripts/redis-server';
import {
  DESKTOP_UA,
  TEST_OAUTH_BASE,
  TEST_ORIGIN,
  TEST_SESSION_SECRET,
  TEST_WECOM,
  TEST_WECOM_API_BASE,
  TEST_WECOM_LOGIN_BASE,
  WECHAT_UA,
  WECOM_UA,
  WECOM_VARS,
} from '../../../support/env';
import { fakeClock } from '../../../support/clock';
import { setupFakeWeChat } from '../../../support/fake-wechat-server';
import { loadWithEnv } from '../../../support/isolated';
import { flushRedis, redisServerForThisFile } from '../../../support/redis';
import { request, setCookieValue } from '../../../support/requests';
import { GARBAGE_ANSWERS, plain } from '../../../support/wechat-answers';

process.env.WECHAT_TIMEOUT_MS = '300';

const mockHook = jest.fn();
jest.mock('@/lib/on-sign-in', () => ({
  ...jest.requireActual<typeof import('@/lib/on-sign-in')>('@/lib/on-sign-in'),
  onSignIn: (...args: unknown[]) => mockHook(...args),
}));

const { fake, server } = setupFakeWeChat();
const redis = redisServerForThisFile();
const clock = fakeClock();
let warnings: string[];
let errors: string[];
beforeEach(async () => {
  warnings = [];
  errors = [];
  jest.spyOn(console, 'warn').mockImplementation((line: unknown) => void warnings.push(String(line)));
  jest.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(String(line)));
  await flushRedis(redis.url());
});
afterEach(() => {
  jest.restoreAllMocks();
  mockHook.mockReset();
});

const REDIRECT_URI = encodeURIComponent(`${TEST_ORIGIN}/auth/wechat/callback`);

/** One instance of the app with WeCom configured: its start routes, its callback and the profile's loader. */
const instance = (vars: Record<string, string> = {}) =>
  loadWithEnv({ ...WECOM_VARS, ...vars }, async () => {
    const [start, qr, back, renewal, backend, env] = await Promise.all([
      import('@/app/auth/wechat/route'),
      import('@/app/auth/wecom/qr/route'),
      import('@/app/auth/wechat/callback/route'),
      import('@/lib/auth/renewal'),
      import('@/lib/wechat/backend'),
      import('@/lib/env'),
    ]);
    await backend.backendFor(env.getEnv()).store();
    return { start: start.GET, qr: qr.GET, callback: back.GET, loadProfile: renewal.loadProfile };
  });
type App = Awaited<ReturnType<typeof instance>>;

async function startIn(app: App, ua = WECOM_UA, path = '/auth/wechat?returnTo=%2Fprofile') {
  const response = await (path.startsWith('/auth/wecom') ? app.qr : app.start)(request(path, { ua }));
  const location = new URL(response.headers.get('location') ?? 'http://none.invalid/');
  return {
    response,
    location,
    state: location.searchParams.get('state') ?? '',
    cookie: `wx_state=${setCookieValue(response, 'wx_state')}`,
  };
}

/** A WeCom sign-in through to the callback's answer, with the code WeCom's sheet would issue. */
async function signIn(app: App, code = fake().issueWeComCode('member', true), ua = WECOM_UA) {
  const { state, cookie } = await startIn(app, ua);
  return app.callback(request(`/auth/wechat/callback?code=${code}&state=${state}`, { cookie, ua }));
}
const sessionIn = async (response: Response) =>
  unsealSession(setCookieValue(response, 'wx_session'), TEST_SESSION_SECRET);
const logLines = () => warnings.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the starts', () => {
  it('in WeCom’s browser, /auth/wechat goes to the corp’s authorize URL in §19.1’s order, with agentid and WECOM_SCOPE', async () => {
    const { response, location, state } = await startIn(await instance({ WECOM_SCOPE: 'snsapi_privateinfo' }));
    expect(response.status).toBe(302);
    expect(location.toString()).toBe(
      `${TEST_OAUTH_BASE}/connect/oauth2/authorize?appid=${TEST_WECOM.corpId}&redirect_uri=${REDIRECT_URI}` +
        `&response_type=code&scope=snsapi_privateinfo&state=${state}&agentid=${TEST_WECOM.agentId}#wechat_redirect`,
    );
  });

  it('asks for snsapi_base by default, whatever scope the link names', async () => {
    const { location } = await startIn(await instance(), WECOM_UA, '/auth/wechat?scope=snsapi_userinfo');
    expect(location.searchParams.get('scope')).toBe('snsapi_base');
  });

  it('on a desktop, /auth/wecom/qr goes to WeCom’s web login in §19.4’s order', async () => {
    const { location, state } = await startIn(await instance(), DESKTOP_UA, '/auth/wecom/qr?returnTo=%2Fprofile');
    expect(location.toString()).toBe(
      `${TEST_WECOM_LOGIN_BASE}/wwlogin/sso/login?login_type=CorpApp&appid=${TEST_WECOM.corpId}` +
        `&agentid=${TEST_WECOM.agentId}&redirect_uri=${REDIRECT_URI}&state=${state}`,
    );
  });

  it('leaves WeChat’s browser on the service account’s authorize page', async () => {
    const { location } = await startIn(await instance(), WECHAT_UA);
    expect(location.searchParams.get('appid')).not.toBe(TEST_WECOM.corpId);
  });

  it('without WECOM_*: /auth/wecom/qr is a 404, and WeCom’s browser gets the open-in-WeChat page', async () => {
    const app = await instance({ WECOM_CORPID: '', WECOM_AGENTID: '', WECOM_SECRET: '' });
    expect((await app.qr(request('/auth/wecom/qr', { ua: DESKTOP_UA }))).status).toBe(404);
    const inWeCom = await app.start(request('/auth/wechat', { ua: WECOM_UA }));
    expect(inWeCom.status).toBe(200);
    expect(await inWeCom.text()).not.toContain(TEST_WECOM.corpId);
  });
});

describe('the callback', () => {
  it.each([
    ['a mobile number to its first 3 and last 4 digits', '13800138000', '138****8000'],
    ['a number of 7 digits or fewer to **** whole', '1234567', '****'],
    ['no number to none', '', ''],
  ])('masks %s in the session', (_, mobile, kept) => {
    const card = { userid: 'u', name: 'n', position: '', detail: { gender: '1', avatar: '', email: '', mobile } };
    expect(sessionForMember(card).member.detail?.mobile).toBe(kept);
  });

  it('signs a member in with privateinfo: the card, the mobile masked, no token; the hook hears app wecom', async () => {
    const app = await instance({ WECOM_SCOPE: 'snsapi_privateinfo' });
    const response = await signIn(app);
    expect(response).toLandOn('/profile');
    const session = await sessionIn(response);
    expect(session).toMatchObject({
      app: 'wecom',
      member: {
        userid: 'zhangsan',
        name: '张三',
        position: '产品经理',
        detail: { gender: '1', email: 'zhangsan@example.com', mobile: '138****8000' },
      },
    });
    expect(JSON.stringify(session)).not.toMatch(/13800138000|access_token|ticket/);
    expect(mockHook).toHaveBeenCalledWith(expect.objectContaining({ app: 'wecom', userid: 'zhangsan' }));
    expect(fake().calls()).toMatchObject({
      'cgi-bin/gettoken': 1,
      'cgi-bin/auth/getuserinfo': 1,
      'cgi-bin/user/get': 1,
      'cgi-bin/auth/getuserdetail': 1,
    });
  });

  it('signs a member in without privateinfo: name and position only, no getuserdetail', async () => {
    const response = await signIn(await instance(), fake().issueWeComCode('member', false));
    expect((await sessionIn(response))?.app === 'wecom' && (await sessionIn(response))).toMatchObject({
      member: { userid: 'zhangsan', name: '张三', detail: null },
    });
    expect(fake().calls()).toMatchObject({ 'cgi-bin/auth/getuserdetail': 0 });
  });

  it('someone who is not a member: the 403 page 此页面仅限企业成员访问, a way home, and no session', async () => {
    const response = await signIn(await instance(), fake().issueWeComCode('outsider'));
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('此页面仅限企业成员访问');
    expect(html).toContain('href="/"');
    expect(setCookieValue(response, 'wx_session')).toBeUndefined();
    expect(fake().calls()).toMatchObject({ 'cgi-bin/user/get': 0 });
  });

  it('a used code (40029) gets WeChat’s answer: one silent restart through WeCom’s start, then a page', async () => {
    const app = await instance();
    const first = await signIn(app, fake().issueWeComCode('member', false, 'wecom-code-used'));
    expect(first).toRedirectTo('/auth/wecom/qr?returnTo=%2Fprofile&hop=1', 302);
    const { state, cookie } = await startIn(app, WECOM_UA, '/auth/wecom/qr?returnTo=%2Fprofile&hop=1');
    const code = fake().issueWeComCode('member', false, 'wecom-code-used');
    const second = await app.callback(
      request(`/auth/wechat/callback?code=${code}&state=${state}`, { cookie, ua: WECOM_UA }),
    );
    expect(second.status).toBe(400);
  });

  it('drops a token WeCom calls dead (42001, 40014) and fetches it once more', async () => {
    for (const errcode of [42001, 40014]) {
      const app = await instance();
      await flushRedis(redis.url());
      delete (globalThis as Record<symbol, unknown>)[Symbol.for('wechat-oauth-next.memory-store')];
      fake().resetCalls();
      server.use(
        http.get(
          `${TEST_WECOM_API_BASE}/cgi-bin/auth/getuserinfo`,
          () => plain(`{"errcode":${errcode},"errmsg":"x"}`),
          {
            once: true,
          },
        ),
      );
      expect((await signIn(app, fake().issueWeComCode('member'))).status).toBe(303);
      expect(fake().calls()['cgi-bin/gettoken']).toBe(2);
    }
  });
});

describe('failures: the operator’s page, one log line that says what to do, never the secret', () => {
  it.each<[string, number, Record<string, string>, string[]]>([
    ['60020 (企业可信IP)', 60020, {}, ['企业可信IP', 'WECOM_API_BASE_URL']],
    ['40001 (the app’s secret)', 40001, { WECOM_SECRET: 'not-the-app-secret-0000' }, ['WECOM_SECRET']],
    ['40013 (the corp ID)', 40013, { WECOM_CORPID: 'wwnotthecorp01' }, ['WECOM_CORPID']],
    ['40091 (another corp’s secret)', 40091, {}, ['WECOM_SECRET']],
    ['50001 (redirect_uri not on the 可信域名)', 50001, {}, ['可信域名']],
  ])('%s → 500 apology naming nothing raw', async (_, errcode, vars, hint) => {
    const app = await instance(vars);
    const secret = vars.WECOM_SECRET ?? TEST_WECOM.secret;
    let code = fake().issueWeComCode('member');
    if (errcode === 60020) code = fake().issueWeComCode('member', false, 'wecom-ip-denied');
    if (errcode === 40091 || errcode === 50001)
      server.use(
        http.get(`${TEST_WECOM_API_BASE}/cgi-bin/auth/getuserinfo`, () => plain(`{"errcode":${errcode},"errmsg":"x"}`)),
      );
    const response = await signIn(app, code);
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain('抱歉，服务暂时不可用');
    expect(html).not.toMatch(new RegExp(`${errcode}|${secret}|${TEST_WECOM.corpId}|203\\.0\\.113`));
    expect(logLines()).toHaveLength(1);
    expect(logLines()[0]).toMatchObject({ event: 'wechat_error', app: 'wecom', errcode });
    for (const word of hint) expect(String(logLines()[0]?.hint)).toContain(word);
    for (const said of [...warnings, ...errors]) expect(said).not.toContain(secret);
    expect(setCookieValue(response, 'wx_session')).toBeUndefined();
  });

  it('60020 names the IP WeCom saw in the log line', async () => {
    await signIn(await instance(), fake().issueWeComCode('member', false, 'wecom-ip-denied'));
    expect(logLines()[0]).toMatchObject({ errcode: 60020, ip: '203.0.113.7' });
  });

  it('no answer within WECHAT_TIMEOUT_MS → 504', async () => {
    server.use(
      http.get(`${TEST_WECOM_API_BASE}/cgi-bin/auth/getuserinfo`, async () => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        return plain('{"errcode":0,"errmsg":"ok","userid":"zhangsan"}');
      }),
    );
    expect((await signIn(await instance(), fake().issueWeComCode('member'))).status).toBe(504);
  });

  it.each(GARBAGE_ANSWERS)('%s → 502', async (_, answer) => {
    server.use(http.get(`${TEST_WECOM_API_BASE}/cgi-bin/auth/getuserinfo`, () => answer()));
    expect((await signIn(await instance(), fake().issueWeComCode('member'))).status).toBe(502);
  });

  it('the old getuserinfo’s UserId is not taken for the lowercase userid (§19.3) → 502', async () => {
    server.use(
      http.get(`${TEST_WECOM_API_BASE}/cgi-bin/auth/getuserinfo`, () =>
        plain('{"errcode":0,"errmsg":"ok","UserId":"zhangsan"}'),
      ),
    );
    expect((await signIn(await instance(), fake().issueWeComCode('member'))).status).toBe(502);
  });
});

describe('the member’s page', () => {
  it('shows the stored card within PROFILE_TTL_SECONDS, reads it again after, and marks it outdated when that fails', async () => {
    const app = await instance({ PROFILE_TTL_SECONDS: '60' });
    const session = (await sessionIn(await signIn(app, fake().issueWeComCode('member', true))))!;
    fake().resetCalls();
    clock.advance(10_000);
    expect(await app.loadProfile(session)).toMatchObject({
      kind: 'member',
      snapshot: false,
      outdated: false,
      view: { name: '张三', userid: 'zhangsan', position: '产品经理', private: { mobile: '138****8000' } },
    });
    expect(fake().calls()['cgi-bin/user/get']).toBe(0);
    clock.advance(60_000);
    await app.loadProfile({ ...session });
    expect(fake().calls()['cgi-bin/user/get']).toBe(1);
    server.use(http.get(`${TEST_WECOM_API_BASE}/cgi-bin/user/get`, () => plain('{"errcode":-1,"errmsg":"busy"}')));
    expect(await app.loadProfile({ ...session })).toMatchObject({
      kind: 'member',
      outdated: true,
      view: { name: '张三' },
    });
  });
});

describe('the callback with the store down', () => {
  it('answers the 502 page: the app’s token cannot be had, so no member is asked for', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const app = await instance({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, WECHAT_TIMEOUT_MS: '200' });
    const response = await signIn(app, fake().issueWeComCode('member'));
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('微信');
    expect(fake().calls()).toMatchObject({ 'cgi-bin/gettoken': 0, 'cgi-bin/auth/getuserinfo': 0 });
    warn.mockRestore();
  });
});

describe('the member’s page, once WeCom is no longer configured', () => {
  it('shows the stored card, marked as possibly outdated, and asks WeCom nothing', async () => {
    const session = (await sessionIn(await signIn(await instance(), fake().issueWeComCode('member', true))))!;
    fake().resetCalls();
    clock.advance(120_000);
    const unconfigured = await instance({
      WECOM_CORPID: '',
      WECOM_AGENTID: '',
      WECOM_SECRET: '',
      PROFILE_TTL_SECONDS: '60',
    });
    expect(await unconfigured.loadProfile(session)).toMatchObject({
      kind: 'member',
      outdated: true,
      view: { name: '张三' },
    });
    expect(fake().calls()).toMatchObject({ 'cgi-bin/gettoken': 0, 'cgi-bin/user/get': 0 });
  });
});

describe('the member’s page, with PROFILE_TTL_SECONDS=0', () => {
  it('shows the card the sign-in has just read without reading it again, and reads it on a later view', async () => {
    const app = await instance({ PROFILE_TTL_SECONDS: '0' });
    const session = (await sessionIn(await signIn(app, fake().issueWeComCode('member', true))))!;
    fake().resetCalls();
    await app.loadProfile(session);
    expect(fake().calls()['cgi-bin/user/get']).toBe(0);
    clock.advance(10_000);
    await app.loadProfile({ ...session });
    expect(fake().calls()['cgi-bin/user/get']).toBe(1);
  });
});

describe('two instances sharing one Redis', () => {
  it('20 sign-ins across both make one gettoken', async () => {
    // A limit that a loaded machine's lock wait cannot outrun.
    const vars = { REDIS_URL: redis.url(), WECHAT_TIMEOUT_MS: '3000' };
    const [a, b] = [await instance(vars), await instance(vars)];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn(i % 2 ? a : b, fake().issueWeComCode('member'))),
    );
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(303));
    expect(fake().calls()).toMatchObject({ 'cgi-bin/gettoken': 1, 'cgi-bin/auth/getuserinfo': 20 });
  });

  it('keys the token by corp and app: another app of the same corp fetches its own', async () => {
    const { appTokenKey } = await import('@/lib/wechat/wecom');
    expect(appTokenKey(TEST_WECOM)).not.toBe(appTokenKey({ ...TEST_WECOM, agentId: '1000003' }));
    expect(appTokenKey(TEST_WECOM)).toContain(TEST_WECOM.corpId);
  });
});
