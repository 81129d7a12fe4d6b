import { http } from 'msw';
import { GET as callback } from '@/app/auth/wechat/callback/route';
import { GET as startAuth } from '@/app/auth/wechat/route';
import { setupFakeWeChat } from '../support/fake-wechat-server';
import { TEST_API_BASE, TEST_ORIGIN } from '../support/env';
import { request, setCookieLine, setCookieValue, startAuthorization } from '../support/requests';
import { sessionCookie, sessionFor } from '../support/sessions';
import { GARBAGE_ANSWERS, answerTooLate, answerWith, callbackWithCode, hrefs, plain, recordCalls } from './support';

// Read lazily by lib/env at the first request: a short limit keeps the timeout row quick.
process.env.WECHAT_TIMEOUT_MS = '200';

const { fake, server } = setupFakeWeChat();
let warn: jest.SpyInstance;
beforeEach(() => (warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)));
afterEach(() => {
  server.events.removeAllListeners();
  jest.restoreAllMocks();
  jest.useRealTimers();
});

/** Moves the wall clock only; timers stay real so msw and fetch keep working. */
function fakeClockAt(now: number): void {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
}

const RESTART = '/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile';

describe('failure table: the user refused', () => {
  it('callback with state and no code → 403 page that explains and links to 重新授权, WeChat never called', async () => {
    const calls = recordCalls(server);
    const { state, stateCookie } = await startAuthorization();
    const response = await callback(request(`/auth/wechat/callback?state=${state}`, { cookie: stateCookie }));
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('重新授权');
    expect(hrefs(html)).toContain(RESTART);
    expect(calls).toEqual([]);
  });
});

describe('failure table: missing, forged, expired or reused state with no live session', () => {
  it('a callback without state → 400 page with a way to start over, WeChat never called', async () => {
    const calls = recordCalls(server);
    const { stateCookie } = await startAuthorization();
    const response = await callback(
      request(`/auth/wechat/callback?code=${fake().issueCode()}`, { cookie: stateCookie }),
    );
    expect(response.status).toBe(400);
    expect(hrefs(await response.text())).toContain(RESTART.replace('scope=snsapi_userinfo&', ''));
    expect(calls).toEqual([]);
  });

  it('a forged state → 400 page, WeChat never called, the state cookie spent', async () => {
    const calls = recordCalls(server);
    const { stateCookie } = await startAuthorization();
    const response = await callback(
      request(`/auth/wechat/callback?code=${fake().issueCode()}&state=Forged0123456789`, { cookie: stateCookie }),
    );
    expect(response.status).toBe(400);
    expect(setCookieLine(response, 'wx_state')).toMatch(/Max-Age=0/);
    expect(calls).toEqual([]);
  });

  it('a state whose cookie has expired (10 minutes) → 400 page, WeChat never called', async () => {
    const calls = recordCalls(server);
    const { state, stateCookie } = await startAuthorization();
    fakeClockAt(Date.now() + 11 * 60 * 1000);
    const response = await callback(
      request(`/auth/wechat/callback?code=${fake().issueCode()}&state=${state}`, { cookie: stateCookie }),
    );
    expect(response.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('a reused callback URL → 400 page the second time, WeChat called only the first time', async () => {
    const { state, stateCookie } = await startAuthorization();
    const url = `/auth/wechat/callback?code=${fake().issueCode()}&state=${state}`;
    expect((await callback(request(url, { cookie: stateCookie }))).status).toBe(303);
    const calls = recordCalls(server);
    const replay = await callback(request(url));
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('重新授权');
    expect(calls).toEqual([]);
  });
});

describe('failure table: the same with a live session', () => {
  it.each([
    ['no state', (state: string, code: string) => `code=${code}`],
    ['a forged state', (_state: string, code: string) => `code=${code}&state=Forged0123456789`],
    ['a reused callback URL', (state: string, code: string) => `code=${code}&state=${state}`],
  ])('%s → straight on to returnTo, WeChat never called', async (_name, query) => {
    const cookie = await sessionCookie(await sessionFor(fake()));
    const { state } = await startAuthorization();
    const calls = recordCalls(server);
    const response = await callback(request(`/auth/wechat/callback?${query(state, fake().issueCode())}`, { cookie }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${TEST_ORIGIN}/profile`);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(calls).toEqual([]);
  });
});

describe('failure table: code invalid or used (40029, 40163)', () => {
  it.each([
    [40029, 'invalid code'],
    [40163, 'code been used'],
  ])('%i → one silent restart through /auth/wechat, marked so it cannot repeat', async (errcode, errmsg) => {
    answerWith(server, 'sns/oauth2/access_token', () => plain(`{"errcode":${errcode},"errmsg":"${errmsg}"}`));
    const response = await callbackWithCode('SomeCode0123');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${TEST_ORIGIN}${RESTART}&restarted=1`);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('following the restart and failing again → 400 page with a way to start over, never a second restart', async () => {
    answerWith(server, 'sns/oauth2/access_token', () => plain('{"errcode":40163,"errmsg":"code been used"}'));
    const first = await callbackWithCode('SomeCode0123');
    const restartPath =
      new URL(first.headers.get('location') ?? '').pathname + new URL(first.headers.get('location') ?? '').search;
    const { state, stateCookie } = await startAuthorization(restartPath.split('?')[1]);
    const second = await callback(
      request(`/auth/wechat/callback?code=OtherCode456&state=${state}`, { cookie: stateCookie }),
    );
    expect(second.status).toBe(400);
    expect(hrefs(await second.text())).toContain(RESTART);
  });

  it('a restart that carries restarted=1 only from the query string still cannot loop: the flag lives in the sealed state', async () => {
    answerWith(server, 'sns/oauth2/access_token', () => plain('{"errcode":40029,"errmsg":"invalid code"}'));
    const start = await startAuth(request('/auth/wechat?returnTo=%2Fprofile&restarted=1'));
    const state = new URL(start.headers.get('location') ?? '').searchParams.get('state');
    const response = await callback(
      request(`/auth/wechat/callback?code=Abc123&state=${state}`, {
        cookie: `wx_state=${setCookieValue(start, 'wx_state')}`,
      }),
    );
    expect(response.status).toBe(400);
  });
});

describe('failure table: WeChat busy, HTTP error, HTML, malformed JSON, schema failure', () => {
  it.each(GARBAGE_ANSWERS)('the code exchange answering %s → 502 page with a retry button', async (_name, answer) => {
    answerWith(server, 'sns/oauth2/access_token', answer);
    const response = await callbackWithCode(fake().issueCode());
    expect(response.status).toBe(502);
    const html = await response.text();
    expect(html).toContain('重试');
    expect(hrefs(html)).toContain(RESTART);
  });

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
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(response.status).toBeLessThan(600);
    const html = await response.text();
    expect(html).toContain('抱歉');
    expect(html).not.toContain(String(errcode));
    expect(html).not.toContain('AppSecret');
    const lines = warn.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toEqual([
      expect.objectContaining({ endpoint: 'sns/oauth2/access_token', errcode, rid: '65a33cd8-023106e1-2dc7e2f6' }),
    ]);
  });
});
