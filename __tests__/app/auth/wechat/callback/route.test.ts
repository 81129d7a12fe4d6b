/** GET /auth/wechat/callback: CONTRACT's routes table and failure table, row by row. */
import { http } from 'msw';
import type { NextRequest } from 'next/server';
import { GET as callback } from '@/app/auth/wechat/callback/route';
import { PROFILE_PATH, signInPath } from '@/lib/auth/links';
import { unsealSession } from '@/lib/session/session';
import { verifyState } from '@/lib/session/state';
import { PERSONAS, type Persona } from '@/mocks/wechat/personas';
import { createBrowser } from '../../../../support/browser';
import { fakeClock } from '../../../../support/clock';
import {
  TEST_API_BASE,
  TEST_APP_ID,
  TEST_APP_SECRET,
  TEST_OPEN_APP,
  TEST_SESSION_SECRET,
} from '../../../../support/env';
import { setupFakeWeChat } from '../../../../support/fake-wechat-server';
import { loadWithEnv } from '../../../../support/isolated';
import { hrefs } from '../../../../support/matchers';
import {
  request,
  setCookieLine,
  setCookieValue,
  startAuthorization,
  startQrSignIn,
} from '../../../../support/requests';
import { asWeChat, sessionCookie, sessionFor } from '../../../../support/sessions';
import {
  GARBAGE_ANSWERS,
  answerTooLate,
  answerWith,
  callbackWithCode,
  plain,
  recordCalls,
  userInfoAnswer,
} from '../../../../support/wechat-answers';

// Read by lib/env at the first request: a short limit keeps the timeout row quick.
process.env.WECHAT_TIMEOUT_MS = '200';

const { fake, server } = setupFakeWeChat();
const clock = fakeClock();
let warn: jest.SpyInstance;
// Every failed call to WeChat logs one wechat_error line; the rows that care read them here.
beforeEach(() => (warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)));
afterEach(() => jest.restoreAllMocks());

/** Where the pages of a sign-in started from /profile send the user to start over. */
const RESTART = '/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile';
/** The same, when the state could not be read, so its scope is unknown. */
const START_OVER = '/auth/wechat?returnTo=%2Fprofile';

async function signIn(
  persona: Persona['id'] = 'full',
  scope: 'snsapi_base' | 'snsapi_userinfo' = 'snsapi_userinfo',
  query = 'returnTo=%2Fprofile',
) {
  const { state, stateCookie } = await startAuthorization(query);
  const url = `/auth/wechat/callback?code=${fake().issueCode(persona, scope)}&state=${state}`;
  return { response: await callback(request(url, { cookie: stateCookie })), url, stateCookie };
}

const storedSession = async (response: Response) =>
  asWeChat(await unsealSession(setCookieValue(response, 'wx_session'), TEST_SESSION_SECRET));

function wechatLogLines(): Record<string, unknown>[] {
  return warn.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
}

describe('a sign-in that goes through', () => {
  it('exchanges the code, fetches the profile and 303s to returnTo with a sealed session', async () => {
    const { response } = await signIn('full');
    expect(response).toLandOn('/profile');
    expect(await storedSession(response)).toMatchObject({
      openid: 'oMockFullProfile000000000001',
      scope: 'snsapi_userinfo',
      snapshot: false,
      profile: { nickname: '张小明' },
      chain: { hop: 0 },
    });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 1, 'sns/userinfo': 1 });
  });

  it('keeps a profile with oversized fields inside one cookie the browser keeps, so /profile can read it back', async () => {
    const huge = {
      openid: 'oMockFullProfile000000000001',
      nickname: '长'.repeat(2000),
      sex: '男'.repeat(2000),
      province: 'p'.repeat(2000),
      city: 'c'.repeat(2000),
      country: 'n'.repeat(2000),
      headimgurl: `https://thirdwx.qlogo.cn/${'a'.repeat(3000)}/132`,
      privilege: Array.from({ length: 200 }, (_, i) => `privilege-${i}`.repeat(20)),
    };
    server.use(http.get(`${TEST_API_BASE}/sns/userinfo`, () => plain(JSON.stringify(huge))));
    const { response } = await signIn('full');
    expect(response).toLandOn('/profile');
    expect(setCookieValue(response, 'wx_session')!.length).toBeLessThanOrEqual(4096);
    expect(await storedSession(response)).toMatchObject({ profile: { nickname: '长'.repeat(128) } });
  });

  it('keeps the unionid sns/userinfo names when the token answer named none (WECHAT-PROTOCOL §4: only sometimes)', async () => {
    const openid = 'oMockFullProfile000000000001';
    const token = { access_token: 'AT', expires_in: 7200, refresh_token: 'RT', openid, scope: 'snsapi_userinfo' };
    server.use(
      http.get(`${TEST_API_BASE}/sns/oauth2/access_token`, () => plain(JSON.stringify(token))),
      http.get(`${TEST_API_BASE}/sns/userinfo`, () => userInfoAnswer(openid, 'oUnionFromUserinfo0000000001')),
    );
    const { response } = await signIn('full');
    expect(await storedSession(response)).toMatchObject({ unionid: 'oUnionFromUserinfo0000000001' });
  });

  it('lands on the returnTo the state names, its query kept and an empty fragment ending the one WeChat’s page left', async () => {
    const { response } = await signIn('full', 'snsapi_userinfo', 'returnTo=%2Fprofile%3Ftab%3D1');
    expect(response).toLandOn('/profile?tab=1');
  });

  it('sets the session cookie for 30 days, HttpOnly, SameSite=Lax, Path=/, Secure on https, and clears the state cookie', async () => {
    const { response } = await signIn();
    const session = setCookieLine(response, 'wx_session') ?? '';
    expect(session).toMatch(/Max-Age=2592000(;|$)/);
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=lax/i);
    expect(session).toMatch(/Path=\/(;|$)/);
    expect(session).toMatch(/Secure/i);
    expect(setCookieLine(response, 'wx_state')).toMatch(/Max-Age=0/);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('leaves Secure off both cookies on an http origin, where a browser would drop a Secure cookie', async () => {
    const routes = await loadWithEnv({ APP_BASE_URL: 'http://wx.example.test' }, async () => ({
      start: (await import('@/app/auth/wechat/route')).GET,
      back: (await import('@/app/auth/wechat/callback/route')).GET,
    }));
    const started = await routes.start(request('/auth/wechat?returnTo=%2Fprofile'));
    const stateLine = setCookieLine(started, 'wx_state') ?? '';
    expect(stateLine).toMatch(/SameSite=lax/i);
    expect(stateLine).not.toMatch(/Secure/i);
    const state = new URL(started.headers.get('location') ?? '').searchParams.get('state');
    const cookie = `wx_state=${setCookieValue(started, 'wx_state')}`;
    const signedIn = await routes.back(
      request(`/auth/wechat/callback?code=${fake().issueCode()}&state=${state}`, { cookie }),
    );
    expect(signedIn.headers.get('location')).toBe('http://wx.example.test/profile#');
    expect(setCookieLine(signedIn, 'wx_session')).toMatch(/HttpOnly/i);
    expect(setCookieLine(signedIn, 'wx_session')).not.toMatch(/Secure/i);
  });

  it('keeps the tokens and the profile out of the readable cookie', async () => {
    const { response } = await signIn();
    const value = setCookieValue(response, 'wx_session') ?? '';
    const decoded = value
      .split('.')
      .map((p) => Buffer.from(p, 'base64url').toString('latin1'))
      .join('');
    expect(decoded).not.toContain('oMockFullProfile');
    expect(decoded).not.toContain('86_');
  });

  it('makes one call for a snsapi_base sign-in and stores no profile', async () => {
    const { response } = await signIn('full', 'snsapi_base');
    expect(response).toLandOn('/profile');
    expect(await storedSession(response)).toMatchObject({ scope: 'snsapi_base', profile: null });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 1, 'sns/userinfo': 0 });
  });

  it('marks a snapshot user’s session so nothing treats the virtual identity as real', async () => {
    const session = await storedSession((await signIn('snapshot')).response);
    expect(session?.snapshot).toBe(true);
    expect(session?.openid).not.toBe('oMockSnapshotVirtual00000003');
  });

  it.each(['en', 'zh_TW', 'zh_CN'])('asks sns/userinfo for the profile in WECHAT_LANG=%s', async (lang) => {
    const { GET: callbackInLang } = await loadWithEnv(
      { WECHAT_LANG: lang },
      () => import('@/app/auth/wechat/callback/route'),
    );
    const urls: URL[] = [];
    server.events.on('request:start', ({ request: r }) => urls.push(new URL(r.url)));
    const { state, stateCookie } = await startAuthorization();

    const response = await callbackInLang(
      request(`/auth/wechat/callback?code=${fake().issueCode('full')}&state=${state}`, { cookie: stateCookie }),
    );

    expect(response.status).toBe(303);
    const userinfo = urls.filter((url) => url.pathname.endsWith('/sns/userinfo'));
    expect(userinfo.map((url) => url.searchParams.get('lang'))).toEqual([lang]);
  });

  it('gives each of 60 browsers signing in as different personas at once its own identity', async () => {
    const pause = () => new Promise<void>((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5)));
    const people = Array.from({ length: 60 }, (_, i) => PERSONAS[i % PERSONAS.length] as Persona);
    const browsers = people.map((persona) => createBrowser(fake, persona.id));
    await Promise.all(browsers.map((browser) => browser.visit('/profile', { beforeEach: pause })));

    const sessions = await Promise.all(browsers.map((browser) => browser.session()));
    for (const [i, persona] of people.entries()) {
      const session = sessions[i];
      if (persona.snapshot) expect(session?.openid).toMatch(/^oSnap/);
      else expect(session?.openid).toBe(persona.openid);
      expect(session?.profile?.nickname).toBe(persona.nickname);
    }
    const snapshotIds = sessions.filter((s) => s?.snapshot).map((s) => s?.openid);
    expect(new Set(snapshotIds).size).toBe(snapshotIds.length);
  });
});

describe('several sign-ins started in one browser (two tabs, a double tap, back and start again)', () => {
  const permutations = (items: number[]): number[][] =>
    items.length <= 1
      ? [items]
      : items.flatMap((first, i) =>
          permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [first, ...rest]),
        );
  const ORDERS = [...permutations([0, 1]), ...permutations([0, 1, 2])].map(
    (order) => [order.length, order.map((i) => i + 1).join(', '), order] as const,
  );
  const tab = (i: number) => `/profile?tab=${i + 1}`;

  it.each(ORDERS)(
    '%i started, WeChat coming back for them in the order %s: each ends on its own returnTo',
    async (count, _label, order) => {
      const browser = createBrowser(fake);
      const pages: URL[] = [];
      for (let i = 0; i < count; i++) pages.push(await browser.begin(signInPath({ returnTo: tab(i) })));
      for (const i of order) expect(await browser.comeBack(pages[i] as URL)).toLandOn(tab(i));
      expect(fake().calls()['sns/oauth2/access_token']).toBe(count);
      expect(browser.setCookieLine('wx_state')).toMatch(/Max-Age=0/);
    },
  );

  it.each([
    [
      'the expired one first',
      [
        ['stale', 400],
        ['fresh', tab(1)],
      ],
    ],
    [
      'the pending one first',
      [
        ['fresh', tab(1)],
        ['stale', PROFILE_PATH],
      ],
    ],
  ] as const)(
    'one expires while another is pending, %s: the expired one is spent (straight on only with a session), the other ends on its returnTo',
    async (_name, steps) => {
      const browser = createBrowser(fake);
      const stale = await browser.begin(signInPath({ returnTo: tab(0) }));
      clock.advance(6 * 60 * 1000);
      const fresh = await browser.begin(signInPath({ returnTo: tab(1) }));
      clock.advance(5 * 60 * 1000);
      const pages = { stale, fresh };
      for (const [which, outcome] of steps) {
        const response = await browser.comeBack(pages[which]);
        if (outcome === 400) expect(response.status).toBe(400);
        else expect(response).toLandOn(outcome);
      }
      expect(fake().calls()['sns/oauth2/access_token']).toBe(1);
    },
  );

  it('lets a forged or missing state fail on its own: the sign-in pending in this browser still goes through', async () => {
    const browser = createBrowser(fake);
    const pending = await browser.begin(signInPath({ returnTo: tab(0) }));
    for (const query of [`code=${fake().issueCode()}&state=Forged0123456789`, `code=${fake().issueCode()}`]) {
      const { landing } = await browser.visit(`/auth/wechat/callback?${query}`);
      expect(landing.kind === 'page' && landing.response.status).toBe(400);
    }
    expect(await browser.comeBack(pending)).toLandOn(tab(0));
  });
});

describe('failure table: the user refused (callback with state and no code)', () => {
  it('→ 403 page that explains and links to 重新授权; WeChat is never called', async () => {
    const calls = recordCalls(server);
    const { state, stateCookie } = await startAuthorization();
    const response = await callback(request(`/auth/wechat/callback?state=${state}`, { cookie: stateCookie }));
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('没有授权');
    expect(hrefs(html)).toContain(RESTART);
    expect(setCookieLine(response, 'wx_state')).toMatch(/Max-Age=0/);
    expect(calls).toEqual([]);
  });
});

describe('failure table: missing, forged or expired state, or a reused callback URL, with no live session', () => {
  const code = () => fake().issueCode();
  const BAD_STATES: ReadonlyArray<[string, () => Promise<NextRequest>]> = [
    [
      'no state',
      async () => request(`/auth/wechat/callback?code=${code()}`, { cookie: (await startAuthorization()).stateCookie }),
    ],
    [
      'a forged state',
      async () =>
        request(`/auth/wechat/callback?code=${code()}&state=Forged0123456789`, {
          cookie: (await startAuthorization()).stateCookie,
        }),
    ],
    [
      'a genuine state without its cookie (the link opened in another browser: login CSRF)',
      async () => request(`/auth/wechat/callback?code=${code()}&state=${(await startAuthorization()).state}`),
    ],
    [
      'another browser’s state next to this browser’s own state cookie',
      async () => {
        const mine = await startAuthorization();
        const theirs = await startAuthorization();
        return request(`/auth/wechat/callback?code=${code()}&state=${theirs.state}`, { cookie: mine.stateCookie });
      },
    ],
    [
      'a state whose cookie has expired (10 minutes)',
      async () => {
        const { state, stateCookie } = await startAuthorization();
        clock.advance(11 * 60 * 1000);
        return request(`/auth/wechat/callback?code=${code()}&state=${state}`, { cookie: stateCookie });
      },
    ],
    [
      'a tampered state cookie',
      async () => {
        const { state, stateCookie } = await startAuthorization();
        return request(`/auth/wechat/callback?code=${code()}&state=${state}`, {
          cookie: `${stateCookie.slice(0, -4)}AAAA`,
        });
      },
    ],
  ];

  it.each(BAD_STATES)(
    '%s → 400 page with a way to start over, no session; WeChat is never called',
    async (_name, callbackRequest) => {
      const incoming = await callbackRequest();
      const calls = recordCalls(server);
      const response = await callback(incoming);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const html = await response.text();
      expect(html).toContain('重新授权');
      expect(hrefs(html)).toContain(START_OVER);
      // Only the sign-in WeChat named is spent: this browser's own pending one (if any) stays in the cookie.
      const echoed = incoming.nextUrl.searchParams.get('state');
      expect(await verifyState(setCookieValue(response, 'wx_state'), echoed, TEST_SESSION_SECRET)).toBeNull();
      expect(setCookieLine(response, 'wx_session')).toBeUndefined();
      expect(calls).toEqual([]);
    },
  );

  it('a reused callback URL → 400 page the second time; WeChat is called only the first time', async () => {
    const { response, url } = await signIn();
    expect(response.status).toBe(303);
    const calls = recordCalls(server);
    const replay = await callback(request(url));
    expect(replay.status).toBe(400);
    expect(hrefs(await replay.text())).toContain(START_OVER);
    expect(calls).toEqual([]);
  });
});

describe('failure table: the same, with a live session → straight on', () => {
  it.each([
    ['no state', (_state: string, code: string) => `code=${code}`],
    ['a forged state', (_state: string, code: string) => `code=${code}&state=Forged0123456789`],
    ['a reused callback URL', (state: string, code: string) => `code=${code}&state=${state}`],
    ['a refusal from a sign-in this browser did not start', () => 'state=Forged0123456789'],
  ])('%s → straight on to the profile; WeChat is never called', async (_name, query) => {
    const cookie = await sessionCookie(await sessionFor(fake()));
    const { state } = await startAuthorization();
    const calls = recordCalls(server);
    const response = await callback(request(`/auth/wechat/callback?${query(state, fake().issueCode())}`, { cookie }));
    expect(response).toLandOn('/profile');
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(calls).toEqual([]);
  });

  it('a doubled callback (WeChat calling twice) ends on the returnTo the state names for the browser that has the session', async () => {
    const first = await signIn('full', 'snsapi_userinfo', 'returnTo=%2Fprofile%3Ftab%3D1');
    const cookie = `${first.stateCookie}; wx_session=${setCookieValue(first.response, 'wx_session')}`;
    const second = await callback(request(first.url, { cookie }));
    expect(second).toLandOn('/profile?tab=1');
  });
});

describe('failure table: code invalid or used (40029, 40163)', () => {
  it.each([
    [40029, 'invalid code'],
    [40163, 'code been used'],
  ])('%i → one silent restart through /auth/wechat, counted so it cannot repeat', async (errcode, errmsg) => {
    answerWith(server, 'sns/oauth2/access_token', () => plain(`{"errcode":${errcode},"errmsg":"${errmsg}"}`));
    const response = await callbackWithCode('SomeCode0123');
    expect(response).toRedirectTo(`${RESTART}&hop=1`, 302);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('following the restart and failing again → 400 page with a way to start over, never a second restart', async () => {
    answerWith(server, 'sns/oauth2/access_token', () => plain('{"errcode":40163,"errmsg":"code been used"}'));
    const first = await callbackWithCode('SomeCode0123');
    const restart = new URL(first.headers.get('location') ?? '');
    const second = await callbackWithCode('OtherCode456', restart.search.slice(1));
    expect(second.status).toBe(400);
    const html = await second.text();
    expect(html).toContain('授权链接已失效');
    expect(hrefs(html)).toContain(RESTART);
  });
});

describe('failure table: WeChat busy (-1), an HTTP error, HTML, malformed JSON, a body that fails the schema', () => {
  it.each(GARBAGE_ANSWERS)(
    'the code exchange answering %s → 502 page with a retry button, no session',
    async (_name, answer) => {
      answerWith(server, 'sns/oauth2/access_token', answer);
      const response = await callbackWithCode(fake().issueCode());
      expect(response.status).toBe(502);
      const html = await response.text();
      expect(html).toContain('重试');
      expect(hrefs(html)).toContain(RESTART);
      expect(setCookieLine(response, 'wx_session')).toBeUndefined();
      expect(wechatLogLines()).toEqual([
        expect.objectContaining({ event: 'wechat_error', endpoint: 'sns/oauth2/access_token' }),
      ]);
    },
  );

  it.each(GARBAGE_ANSWERS.filter(([name]) => !name.startsWith('busy')))(
    'userinfo answering %s → 502 page with a retry button',
    async (_name, answer) => {
      answerWith(server, 'sns/userinfo', answer);
      const response = await callbackWithCode(fake().issueCode());
      expect(response.status).toBe(502);
      expect(await response.text()).toContain('重试');
    },
  );

  it('never retries the code exchange after -1: WeChat has consumed the code anyway', async () => {
    answerWith(server, 'sns/oauth2/access_token', () => plain('{"errcode":-1,"errmsg":"system error"}'));
    const calls = recordCalls(server);
    const response = await callbackWithCode('SomeCode0123');
    expect(response.status).toBe(502);
    expect(calls.filter((c) => c === 'sns/oauth2/access_token')).toHaveLength(1);
  });

  it('retries userinfo once after -1 and signs the user in', async () => {
    let answered = 0;
    const real = fake();
    server.use(
      http.get(`${TEST_API_BASE}/sns/userinfo`, ({ request: r }) =>
        answered++ === 0 ? plain('{"errcode":-1,"errmsg":"system error"}') : real.handle(r, ''),
      ),
    );
    const response = await callbackWithCode(real.issueCode());
    expect(response.status).toBe(303);
    expect(answered).toBe(2);
  });

  it('gives up on userinfo after a second -1 with a 502 page', async () => {
    answerWith(server, 'sns/userinfo', () => plain('{"errcode":-1,"errmsg":"system error"}'));
    const calls = recordCalls(server);
    const response = await callbackWithCode(fake().issueCode());
    expect(response.status).toBe(502);
    expect(calls.filter((c) => c === 'sns/userinfo')).toHaveLength(2);
  });
});

describe('failure table: WeChat does not answer within WECHAT_TIMEOUT_MS', () => {
  it.each(['sns/oauth2/access_token', 'sns/userinfo'] as const)(
    '%s too late → 504 page with a retry button',
    async (endpoint) => {
      answerTooLate(server, endpoint, 1000);
      const response = await callbackWithCode(fake().issueCode());
      expect(response.status).toBe(504);
      const html = await response.text();
      expect(html).toContain('超时');
      expect(hrefs(html)).toContain(RESTART);
    },
  );
});

describe('failure table: bad AppID/AppSecret (40013, 40125)', () => {
  it.each([
    [40013, 'invalid appid'],
    [40125, 'invalid appsecret'],
  ])('%i → 5xx page with a plain apology, and one log line for the operator', async (errcode, errmsg) => {
    answerWith(server, 'sns/oauth2/access_token', () =>
      plain(`{"errcode":${errcode},"errmsg":"${errmsg}, rid: 65a33cd8-023106e1-2dc7e2f6"}`),
    );
    const response = await callbackWithCode(fake().issueCode());
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain('抱歉');
    expect(html).not.toContain(String(errcode));
    expect(html).not.toContain('AppSecret');
    expect(html).not.toContain(TEST_APP_SECRET);
    expect(wechatLogLines()).toEqual([
      expect.objectContaining({ endpoint: 'sns/oauth2/access_token', errcode, rid: '65a33cd8-023106e1-2dc7e2f6' }),
    ]);
  });

  it('names the website app and its variables in the operator’s line when a QR sign-in’s AppSecret is refused', async () => {
    answerWith(server, 'sns/oauth2/access_token', () =>
      plain('{"errcode":40125,"errmsg":"invalid appsecret, rid: 65a33cd8-023106e1-2dc7e2f6"}'),
    );
    const { state, stateCookie } = await startQrSignIn();
    const code = fake().issueCode('full', 'snsapi_login', null, 'open');
    const response = await callback(
      request(`/auth/wechat/callback?code=${code}&state=${state}`, { cookie: stateCookie }),
    );
    expect(response.status).toBe(500);
    expect(wechatLogLines()).toEqual([
      expect.objectContaining({
        app: 'open',
        errcode: 40125,
        hint: 'WECHAT_OPEN_APPSECRET is not the AppSecret of WECHAT_OPEN_APPID',
      }),
    ]);
  });
});

describe('input no WeChat redirect has: refused before any call to WeChat', () => {
  it.each([
    ['a code with characters WeChat never sends', 400, (state: string) => `code=%3Cscript%3E&state=${state}`],
    ['a repeated code', 400, (state: string) => `code=abc&code=def&state=${state}`],
    ['a repeated state', 400, (state: string) => `code=abc&state=${state}&state=${state}`],
    ['an oversized query', 431, (state: string) => `code=abc&state=${state}&x=${'y'.repeat(3000)}`],
  ])('%s → a %i page, the state cookie spent', async (_name, status, query) => {
    const { state, stateCookie } = await startAuthorization();
    const calls = recordCalls(server);
    const response = await callback(request(`/auth/wechat/callback?${query(state)}`, { cookie: stateCookie }));
    expect(response.status).toBe(status);
    expect(setCookieLine(response, 'wx_state')).toMatch(/Max-Age=0/);
    expect(calls).toEqual([]);
  });

  it('two state cookies (another path or a sibling domain) → 400 page', async () => {
    const mine = await startAuthorization();
    const other = await startAuthorization();
    const response = await callback(
      request(`/auth/wechat/callback?code=abc&state=${mine.state}`, {
        cookie: `${mine.stateCookie}; ${other.stateCookie}`,
      }),
    );
    expect(response.status).toBe(400);
  });
});

describe('the one callback, two apps: the state cookie says which app started the sign-in', () => {
  /** A QR sign-in: /auth/wechat/qr in a desktop browser, then WeChat's redirect with a code of `app`. */
  async function qrSignIn(persona: Persona['id'] = 'full', app: 'mp' | 'open' = 'open') {
    const { state, stateCookie } = await startQrSignIn();
    const code = fake().issueCode(persona, app === 'open' ? 'snsapi_login' : 'snsapi_userinfo', null, app);
    return callback(request(`/auth/wechat/callback?code=${code}&state=${state}`, { cookie: stateCookie }));
  }

  function snsCalls(): URL[] {
    const urls: URL[] = [];
    server.events.on('request:start', ({ request: r }) => urls.push(new URL(r.url)));
    return urls;
  }

  it('redeems a QR sign-in’s code with the website app’s AppID and AppSecret, and the service account’s with its own', async () => {
    const urls = snsCalls();
    expect(await qrSignIn()).toLandOn('/profile');
    await signIn('full');
    const exchanges = urls.filter((url) => url.pathname.endsWith('/sns/oauth2/access_token'));
    expect(exchanges.map((url) => [url.searchParams.get('appid'), url.searchParams.get('secret')])).toEqual([
      [TEST_OPEN_APP.appId, TEST_OPEN_APP.appSecret],
      [TEST_APP_ID, TEST_APP_SECRET],
    ]);
  });

  it('stores a session that records the website app, with its openid, the profile and the unionid the apps share', async () => {
    const persona = PERSONAS.find((p) => p.id === 'full') as Persona;
    const session = await storedSession(await qrSignIn('full'));
    expect(session).toMatchObject({
      app: 'open',
      openid: persona.websiteOpenid,
      unionid: persona.unionid,
      scope: 'snsapi_userinfo',
      snapshot: false,
      profile: { nickname: persona.nickname },
    });
    expect(session?.openid).not.toBe(persona.openid);
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 1, 'sns/userinfo': 1 });
  });

  it('records the service account for a sign-in in WeChat', async () => {
    expect(await storedSession((await signIn('full')).response)).toMatchObject({
      app: 'mp',
      openid: 'oMockFullProfile000000000001',
    });
  });

  it('does not let a code of the other app through: WeChat refuses it, and no session is stored', async () => {
    const response = await qrSignIn('full', 'mp');
    expect(response.headers.get('location') ?? '').toMatch(/^https:\/\/wx\.example\.test\/auth\/wechat\/qr\?/);
    expect(setCookieValue(response, 'wx_session')).toBeUndefined();
  });

  it('sends a user who cancelled on the QR page back to the QR sign-in, not to the in-WeChat one', async () => {
    const { state, stateCookie } = await startQrSignIn();
    const response = await callback(request(`/auth/wechat/callback?state=${state}`, { cookie: stateCookie }));
    expect(response.status).toBe(403);
    expect(hrefs(await response.text())).toContain('/auth/wechat/qr?returnTo=%2Fprofile');
  });

  it('renews a website-app session with the website app’s AppID, and keeps it a website-app session', async () => {
    const { GET: refresh } = await import('@/app/auth/wechat/refresh/route');
    const session = await storedSession(await qrSignIn('full'));
    const urls = snsCalls();
    const expired = { ...(session as NonNullable<typeof session>), accessTokenExpiresAt: 0 };
    const response = await refresh(
      request('/auth/wechat/refresh?returnTo=%2Fprofile', { cookie: await sessionCookie(expired) }),
    );
    expect(response).toRedirectTo('/profile', 303);
    const renewals = urls.filter((url) => url.pathname.endsWith('/sns/oauth2/refresh_token'));
    expect(renewals.map((url) => url.searchParams.get('appid'))).toEqual([TEST_OPEN_APP.appId]);
    expect(await storedSession(response)).toMatchObject({ app: 'open', openid: session?.openid });
  });
  describe('once the website app is removed from the configuration', () => {
    const withoutWebsiteApp = <T>(load: () => Promise<T>) =>
      loadWithEnv({ WECHAT_OPEN_APPID: '', WECHAT_OPEN_APPSECRET: '' }, load);

    it('answers a QR sign-in begun before as an expired link whose way forward is the in-WeChat sign-in, and calls no WeChat', async () => {
      const { state, stateCookie } = await startQrSignIn();
      const code = fake().issueCode('full', 'snsapi_login', null, 'open');
      const { GET: callbackWithout } = await withoutWebsiteApp(() => import('@/app/auth/wechat/callback/route'));
      const response = await callbackWithout(
        request(`/auth/wechat/callback?code=${code}&state=${state}`, { cookie: stateCookie }),
      );
      expect(response.status).toBe(400);
      expect(hrefs(await response.text())).toContain('/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile');
      expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 0 });
    });

    it('sends a website-app session that asks for renewal straight back, with no call to WeChat and the session kept', async () => {
      const session = await storedSession(await qrSignIn('full'));
      fake().resetCalls();
      const { GET: refreshWithout } = await withoutWebsiteApp(() => import('@/app/auth/wechat/refresh/route'));
      const expired = { ...(session as NonNullable<typeof session>), accessTokenExpiresAt: 0 };
      const response = await refreshWithout(
        request('/auth/wechat/refresh?returnTo=%2Fprofile', { cookie: await sessionCookie(expired) }),
      );
      expect(response).toRedirectTo('/profile', 303);
      expect(response.headers.getSetCookie()).toEqual([]);
      expect(fake().calls()).toMatchObject({ 'sns/oauth2/refresh_token': 0 });
    });
  });
});
