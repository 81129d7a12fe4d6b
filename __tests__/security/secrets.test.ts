import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http } from 'msw';
import { GET as callback } from '@/app/auth/wechat/callback/route';
import { GET as refresh } from '@/app/auth/wechat/refresh/route';
import { failureResponse, withErrorPage, type Failure } from '@/lib/auth/failures';
import { hrefs } from '../support/matchers';
import { WeChatApiError, WeChatHttpError, WeChatMalformedResponseError, WeChatTimeoutError } from '@/lib/wechat/errors';
import { findLeaks, needlesFrom, readTree } from '@/scripts/check-secrets';
import { setupFakeWeChat } from '../support/fake-wechat-server';
import { TEST_API_BASE, TEST_APP_SECRET, TEST_ORIGIN, TEST_RELAY_SECRET, TEST_SESSION_SECRET } from '../support/env';
import { request, startAuthorization } from '../support/requests';
import { sessionCookie, sessionFor } from '../support/sessions';
import { GARBAGE_ANSWERS, plain } from '../support/wechat-answers';

process.env.WECHAT_TIMEOUT_MS = '200';

const { fake, server } = setupFakeWeChat();
const ACCESS_TOKEN = `86_${'T'.repeat(86)}`;
const REFRESH_TOKEN = `86_${'R'.repeat(86)}`;
const FORBIDDEN = [
  TEST_APP_SECRET,
  TEST_SESSION_SECRET,
  ACCESS_TOKEN,
  REFRESH_TOKEN,
  'secret=',
  'access_token=',
  'refresh_token=',
];

/** What each of GARBAGE_ANSWERS is logged as, beyond the event, the endpoint and the duration. */
const LOGGED_AS: Readonly<Record<string, object>> = {
  'busy (-1)': { error: 'WeChatApiError', errcode: -1, rid: '65a33cd8-023106e1-2dc7e2f6' },
  'an HTTP 500': { error: 'WeChatHttpError', status: 500 },
  'an HTML page': { error: 'WeChatMalformedResponseError' },
  'malformed JSON': { error: 'WeChatMalformedResponseError' },
  'a body that fails the schema': { error: 'WeChatMalformedResponseError' },
  'a dropped connection': { error: 'WeChatNetworkError' },
};

let logged: string[] = [];
beforeEach(() => {
  logged = [];
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
});
afterEach(() => jest.restoreAllMocks());

/** WeChat answers that quote the request back, as a misbehaving proxy or WeChat's own HTML error pages might. */
const ECHOING_ANSWERS: ReadonlyArray<[string, (url: string) => Response]> = [
  [
    'an errmsg that quotes the request',
    (url) =>
      plain(JSON.stringify({ errcode: 40125, errmsg: `invalid appsecret ${url}, rid: 65a33cd8-023106e1-2dc7e2f6` })),
  ],
  [
    'an HTML page that quotes the request',
    (url) => new Response(`<html>${url}</html>`, { headers: { 'content-type': 'text/html' } }),
  ],
  ['an HTTP error that quotes the request', (url) => plain(url, 500)],
  ['malformed JSON that quotes the request', (url) => plain(`{"x":"${url}`)],
];

function expectClean(text: string): void {
  for (const value of FORBIDDEN) expect(text).not.toContain(value);
}

async function failedCallback(answer: (url: string) => Response): Promise<string> {
  server.use(http.get(`${TEST_API_BASE}/sns/oauth2/access_token`, ({ request: r }) => answer(r.url)));
  const { state, stateCookie } = await startAuthorization();
  const response = await callback(
    request(`/auth/wechat/callback?code=${fake().issueCode()}&state=${state}`, { cookie: stateCookie }),
  );
  expect(response.status).toBeGreaterThanOrEqual(500);
  return response.text();
}

describe('no secret in a page', () => {
  it.each(ECHOING_ANSWERS)(
    'the code exchange failing with %s shows a page without the AppSecret or the URL',
    async (_name, answer) => {
      expectClean(await failedCallback(answer));
      expectClean(logged.join('\n'));
    },
  );

  it('the refresh failing with an answer that quotes the tokens shows a page without them, and logs none', async () => {
    const session = await sessionFor(fake(), 'full', {
      accessToken: ACCESS_TOKEN,
      refreshToken: REFRESH_TOKEN,
      accessTokenExpiresAt: 0,
    });
    server.use(
      http.get(`${TEST_API_BASE}/sns/oauth2/refresh_token`, ({ request: r }) => plain(`<html>${r.url}</html>`, 502)),
    );
    const response = await refresh(
      request('/auth/wechat/refresh?returnTo=%2Fprofile', { cookie: await sessionCookie(session) }),
    );
    expect(response.status).toBe(502);
    expectClean(await response.text());
    expectClean(logged.join('\n'));
  });

  it('renders every answer decide() can choose, at every step, without a secret, a token or a stack trace', async () => {
    const errors = [
      new WeChatApiError('sns/oauth2/access_token', 40125, `invalid appsecret ${TEST_APP_SECRET}`, 'rid'),
      new WeChatApiError('sns/userinfo', 40029, ACCESS_TOKEN, undefined),
      new WeChatApiError('sns/oauth2/refresh_token', 42002, REFRESH_TOKEN, undefined),
      new WeChatApiError('sns/userinfo', 42001, '', undefined),
      new WeChatHttpError('sns/userinfo', 500),
      new WeChatMalformedResponseError('sns/userinfo', 'not JSON'),
      new WeChatTimeoutError('sns/userinfo', 200),
    ];
    const failures: Failure[] = [
      ...errors.map((error) => ({ problem: 'wechat' as const, error })),
      ...(['bad-state', 'bad-request', 'oversized', 'configuration', 'unexpected'] as const).map((problem) => ({
        problem,
      })),
      { problem: 'denied', stateVerified: true },
    ];
    const site = { origin: TEST_ORIGIN, secure: true, banner: null };
    for (const step of ['start', 'callback', 'refresh'] as const) {
      for (const failure of failures) {
        const response = await failureResponse(failure, { step, signedIn: false, hop: 0, returnTo: '/profile' }, site);
        expectClean(response.headers.get('location') ?? '');
        if (response.headers.has('location')) continue;
        const html = await response.text();
        expectClean(html);
        expect(html).not.toMatch(/\bat .*\.(ts|js):\d+/);
        expect(html).toContain('<html lang="zh-CN">');
      }
    }
    expectClean(logged.join('\n'));
  });

  it('answers an unexpected error with the apology page, and logs only its name', async () => {
    const handler = withErrorPage(async () => {
      throw new Error(`boom ${TEST_APP_SECRET} ${ACCESS_TOKEN}`);
    });
    const response = await handler(request('/auth/wechat'));
    expect(response.status).toBe(500);
    const html = await response.text();
    expectClean(html);
    expect(html).toContain('抱歉，出错了');
    expect(html).not.toContain('boom');
    expect(logged).toEqual(['{"event":"unexpected_error","error":"Error"}']);
  });

  it('never puts a one-time code in the apology page’s 重试 link: a failed callback is not repeated', async () => {
    const handler = withErrorPage(async () => {
      throw new Error('boom');
    });
    const html = await (await handler(request('/auth/wechat/callback?code=ONETIMECODE123&state=abc'))).text();
    expect(html).not.toContain('ONETIMECODE123');
    expect(hrefs(html)).toContain('/');
    const retry = await (await handler(request('/api/health?x=1'))).text();
    expect(hrefs(retry)).toContain('/api/health?x=1');
  });
});

describe('logs', () => {
  it.each(GARBAGE_ANSWERS)(
    'a WeChat failure (%s) is logged as one JSON line: endpoint, errcode, rid, duration; no secret',
    async (_name, answer) => {
      server.use(http.get(`${TEST_API_BASE}/sns/oauth2/access_token`, () => answer()));
      const { state, stateCookie } = await startAuthorization();
      await callback(
        request(`/auth/wechat/callback?code=${fake().issueCode()}&state=${state}`, { cookie: stateCookie }),
      );
      expect(logged).toHaveLength(1);
      const line = JSON.parse(logged[0] as string);
      expect(line).toMatchObject({
        event: 'wechat_error',
        endpoint: 'sns/oauth2/access_token',
        durationMs: expect.any(Number),
      });
      expect(line).toMatchObject(LOGGED_AS[_name] ?? { unknown: _name });
      expectClean(logged[0] as string);
    },
  );

  it('logs nothing about a user who signs in without trouble', async () => {
    const { state, stateCookie } = await startAuthorization();
    const response = await callback(
      request(`/auth/wechat/callback?code=${fake().issueCode()}&state=${state}`, { cookie: stateCookie }),
    );
    expect(response.status).toBe(303);
    expect(logged).toEqual([]);
  });
});

describe('scripts/check-secrets.ts', () => {
  function bundle(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'static-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }
  const needles = needlesFrom({
    WECHAT_APPSECRET: TEST_APP_SECRET,
    SESSION_SECRET: TEST_SESSION_SECRET,
    WECHAT_RELAY_SECRET: TEST_RELAY_SECRET,
    REDIS_URL: 'rediss://default:redis-password-42@eu1.upstash.example:6379',
  });

  it('finds the AppSecret, the session and relay secrets, the Redis URL, a token and server-only names in a bundle', () => {
    const dir = bundle({
      'chunks/a.js': `var s="${TEST_APP_SECRET}"`,
      'chunks/b.js': `k="${TEST_SESSION_SECRET}"`,
      'chunks/c.js': `t="${ACCESS_TOKEN}"`,
      'chunks/d.js': 'process.env.WECHAT_APPSECRET',
      'chunks/f.js': `r="${TEST_RELAY_SECRET}"`,
      'chunks/g.js': 'process.env.WECHAT_RELAY_SECRET',
      'chunks/h.js': 'u="rediss://default:redis-password-42@eu1.upstash.example:6379"',
      'chunks/i.js': 'process.env.REDIS_URL',
      'css/e.css': 'body{color:red}',
    });
    const leaks = findLeaks(readTree(dir), needles);
    expect(leaks.map((l) => l.file.slice(dir.length + 1)).sort()).toEqual([
      'chunks/a.js',
      'chunks/b.js',
      'chunks/c.js',
      'chunks/d.js',
      'chunks/f.js',
      'chunks/g.js',
      'chunks/h.js',
      'chunks/i.js',
    ]);
  });

  it('passes a bundle that holds none of them', () => {
    const dir = bundle({ 'chunks/a.js': 'console.log("微信网页授权")', 'media/x.svg': '<svg/>' });
    expect(findLeaks(readTree(dir), needles)).toEqual([]);
  });
});
