import { http, HttpResponse } from 'msw';
import { createAccountApi, createWeChatClient } from '@/lib/wechat/client';

type WeChatClientConfig = Parameters<typeof createWeChatClient>[0];
import {
  WeChatApiError,
  WeChatMalformedResponseError,
  WeChatTimeoutError,
  type WeChatError,
} from '@/lib/wechat/errors';
import { nodeGet, type WeChatLogLine } from '@/lib/wechat/request';
import { setupFakeWeChat } from '../../support/fake-wechat-server';
import { TEST_API_BASE, TEST_APP_ID, TEST_APP_SECRET, TEST_OAUTH_BASE } from '../../support/env';

const { fake, server } = setupFakeWeChat();
const logs: WeChatLogLine[] = [];
const CONFIG: WeChatClientConfig = {
  appId: TEST_APP_ID,
  appSecret: TEST_APP_SECRET,
  oauthBaseUrl: TEST_OAUTH_BASE,
  apiBaseUrl: TEST_API_BASE,
  timeoutMs: 300,
  lang: 'zh_CN',
  log: (line) => logs.push(line),
};
const client = createWeChatClient(CONFIG);

beforeEach(() => (logs.length = 0));
afterEach(() => jest.restoreAllMocks());

const plain = (body: string, status = 200) =>
  new HttpResponse(body, { status, headers: { 'content-type': 'text/plain' } });
const answerTokenWith = (body: string, status = 200) =>
  server.use(http.get(`${TEST_API_BASE}/sns/oauth2/access_token`, () => plain(body, status)));

async function failure(promise: Promise<unknown>): Promise<WeChatError> {
  try {
    await promise;
  } catch (error) {
    return error as WeChatError;
  }
  throw new Error('expected the call to fail');
}

describe('WeChat client against WeChat’s real answers', () => {
  it('exchanges a code for tokens although WeChat answers JSON as text/plain', async () => {
    const token = await client.exchangeCode(fake().issueCode('full'));
    expect(token).toMatchObject({ openid: 'oMockFullProfile000000000001', scope: 'snsapi_userinfo', expires_in: 7200 });
    expect(token.unionid).toBe('oUnionFullProfile00000000001');
    expect(token.is_snapshotuser).toBeUndefined();
  });

  it('reads the post-2021 userinfo shape: sex 0, empty region, undocumented language, escaped slashes', async () => {
    const token = await client.exchangeCode(fake().issueCode('post2021'));
    const info = await client.getUserInfo(token.access_token, token.openid);
    expect(info).toMatchObject({
      nickname: '恩爸',
      sex: 0,
      province: '',
      city: '',
      country: '',
      language: '',
      privilege: [],
    });
    expect(info.headimgurl).toBe('https://thirdwx.qlogo.cn/mmopen/vi_32/MockPost2021Avatar/132');
  });

  it('accepts sex sent as a string and a profile without unionid or avatar', async () => {
    const token = await client.exchangeCode(fake().issueCode('no-avatar'));
    const info = await client.getUserInfo(token.access_token, token.openid);
    expect(info.sex).toBe('2');
    expect(info.unionid).toBeUndefined();
    expect(info.headimgurl).toBe('');
  });

  it('defaults a missing privilege list to empty', async () => {
    server.use(http.get(`${TEST_API_BASE}/sns/userinfo`, () => plain('{"openid":"o1","nickname":"n","sex":1}')));
    const info = await client.getUserInfo('t', 'o1');
    expect(info.privilege).toEqual([]);
  });

  it('sends lang with userinfo', async () => {
    let seen = '';
    server.use(
      http.get(`${TEST_API_BASE}/sns/userinfo`, ({ request }) => {
        seen = new URL(request.url).searchParams.get('lang') ?? '';
        return plain('{"openid":"o1"}');
      }),
    );
    await client.getUserInfo('t', 'o1');
    expect(seen).toBe('zh_CN');
  });

  it('marks a snapshot user from the token response', async () => {
    const token = await client.exchangeCode(fake().issueCode('snapshot'));
    expect(token.is_snapshotuser).toBe(1);
  });

  it('turns a reused code into a restart error (40163)', async () => {
    const code = fake().issueCode('full');
    await client.exchangeCode(code);
    const error = await failure(client.exchangeCode(code));
    expect(error).toBeInstanceOf(WeChatApiError);
    expect(error).toMatchObject({ errcode: 40163, kind: 'restart' });
  });

  it('turns an unknown code into a restart error (40029) and keeps the rid for the log', async () => {
    const error = await failure(client.exchangeCode('nonsense'));
    expect(error).toMatchObject({ errcode: 40029, kind: 'restart' });
    expect((error as WeChatApiError).rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(logs).toEqual([
      expect.objectContaining({
        endpoint: 'sns/oauth2/access_token',
        errcode: 40029,
        rid: (error as WeChatApiError).rid,
      }),
    ]);
  });

  it('reports a wrong AppSecret as an operator error (40125) without the secret anywhere', async () => {
    const wrong = createWeChatClient({ ...CONFIG, appSecret: 'WRONG-SECRET-123' });
    const error = await failure(wrong.exchangeCode(fake().issueCode()));
    expect(error).toMatchObject({ errcode: 40125, kind: 'operator' });
    expect(JSON.stringify({ message: error.message, stack: error.stack, logs })).not.toContain('WRONG-SECRET-123');
  });

  it('reports a wrong AppID as an operator error (40013)', async () => {
    answerTokenWith('{"errcode":40013,"errmsg":"invalid appid"}');
    expect(await failure(client.exchangeCode('c'))).toMatchObject({ errcode: 40013, kind: 'operator' });
  });

  it('reports WeChat busy (-1) as retry and does not retry the one-time code exchange', async () => {
    let calls = 0;
    server.use(
      http.get(`${TEST_API_BASE}/sns/oauth2/access_token`, () => {
        calls++;
        return plain('{"errcode":-1,"errmsg":"system error"}');
      }),
    );
    expect(await failure(client.exchangeCode('c'))).toMatchObject({ errcode: -1, kind: 'retry' });
    expect(calls).toBe(1);
  });

  it('retries a busy userinfo call once and succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${TEST_API_BASE}/sns/userinfo`, () =>
        ++calls === 1 ? plain('{"errcode":-1,"errmsg":"system error"}') : plain('{"openid":"o1","nickname":"n"}'),
      ),
    );
    await expect(client.getUserInfo('t', 'o1')).resolves.toMatchObject({ nickname: 'n' });
    expect(calls).toBe(2);
  });

  it.each([300, 404, 502])('reports an HTTP %i, whatever its body, as an HTTP error to retry', async (status) => {
    answerTokenWith(
      '{"access_token":"a","expires_in":7200,"refresh_token":"r","openid":"o","scope":"snsapi_base"}',
      status,
    );
    expect(await failure(client.exchangeCode('c'))).toMatchObject({ name: 'WeChatHttpError', status, kind: 'retry' });
  });

  it('reports an HTML page as malformed', async () => {
    answerTokenWith('<html><body>502 Bad Gateway</body></html>');
    const error = await failure(client.exchangeCode('c'));
    expect(error).toBeInstanceOf(WeChatMalformedResponseError);
    expect(error).toMatchObject({ kind: 'retry', message: expect.stringMatching(/: not JSON$/) });
  });

  it('reports truncated JSON as malformed', async () => {
    answerTokenWith('{"access_token":"');
    expect(await failure(client.exchangeCode('c'))).toMatchObject({
      name: 'WeChatMalformedResponseError',
      message: expect.stringMatching(/: not JSON$/),
    });
  });

  it('reports a body that fails the schema as malformed', async () => {
    answerTokenWith('{"access_token":"a","expires_in":"soon","refresh_token":"r","openid":"o","scope":"snsapi_base"}');
    expect(await failure(client.exchangeCode('c'))).toMatchObject({
      name: 'WeChatMalformedResponseError',
      message: expect.stringMatching(/: unexpected shape$/),
    });
  });

  it('gives up after WECHAT_TIMEOUT_MS with a timeout error that carries no URL', async () => {
    server.use(
      // Never answers, and leaves no timer behind once the client has given up.
      http.get(`${TEST_API_BASE}/sns/oauth2/access_token`, () => new Promise<never>(() => undefined)),
    );
    const error = await failure(client.exchangeCode('c'));
    expect(error).toBeInstanceOf(WeChatTimeoutError);
    expect(`${error.message} ${String(error.cause)} ${error.stack}`).not.toContain(TEST_APP_SECRET);
  });

  it('gives up after WECHAT_TIMEOUT_MS even when the GET ignores the abort signal and never settles', async () => {
    const stuck = createWeChatClient({ ...CONFIG, timeoutMs: 100, get: () => new Promise(() => undefined) });
    expect(await failure(stuck.exchangeCode('code'))).toBeInstanceOf(WeChatTimeoutError);
  });

  it('gives up after WECHAT_TIMEOUT_MS when WeChat sends headers and then a body that never ends', async () => {
    server.use(
      http.get(
        `${TEST_API_BASE}/sns/oauth2/access_token`,
        () =>
          new HttpResponse(new ReadableStream({ start: () => undefined }), {
            headers: { 'content-type': 'text/plain' },
          }),
      ),
    );
    const slow = createWeChatClient({ ...CONFIG, timeoutMs: 100 });
    expect(await failure(slow.exchangeCode('code'))).toBeInstanceOf(WeChatTimeoutError);
  });

  it('never puts the AppSecret in a network error, its cause or the log', async () => {
    server.use(http.get(`${TEST_API_BASE}/sns/oauth2/access_token`, () => HttpResponse.error()));
    const error = await failure(client.exchangeCode('c'));
    expect(error.kind).toBe('retry');
    expect(error.cause).toBeUndefined();
    expect(JSON.stringify({ m: error.message, s: error.stack, logs })).not.toContain(TEST_APP_SECRET);
  });

  // A transport whose own errors quote the URL it was given, as many HTTP clients' do: the AppSecret is in it.
  const leaky = (fail: (url: string, signal: AbortSignal) => Promise<never>): WeChatClientConfig['get'] => fail;
  it.each<[string, WeChatClientConfig['get']]>([
    ['a network error', leaky(async (url) => Promise.reject(new Error(`connect ECONNREFUSED ${url}`)))],
    [
      'a timeout, the transport failing late with the URL',
      leaky(
        (url, signal) =>
          new Promise<never>((_, reject) =>
            signal.addEventListener('abort', () => reject(new Error(`aborted ${url}`))),
          ),
      ),
    ],
    ['a timeout, the transport never settling', () => new Promise<never>(() => undefined)],
    ['an HTTP error', async (url) => ({ status: 502, body: `Bad Gateway for ${url}` })],
    ['an HTML page', async (url) => ({ status: 200, body: `<html>${url}</html>` })],
    [
      'an errcode whose errmsg quotes the request',
      async (url) => ({ status: 200, body: JSON.stringify({ errcode: 40125, errmsg: `invalid appsecret ${url}` }) }),
    ],
    ['a body the schema refuses', async (url) => ({ status: 200, body: JSON.stringify({ access_token: url }) })],
  ])('keeps the AppSecret out of the error, its cause and stack, and the log line on %s', async (_path, get) => {
    const failing = createWeChatClient({ ...CONFIG, timeoutMs: 50, get });
    const error = await failure(failing.exchangeCode('c'));
    expect(logs).toHaveLength(1);
    const seen = JSON.stringify({ message: error.message, stack: error.stack, cause: String(error.cause), logs });
    expect(seen).not.toContain(TEST_APP_SECRET);
    expect(seen).not.toContain('secret=');
  });

  it('logs how long a failed call took, and leaves no timer behind an answer to abort it later', async () => {
    jest.useFakeTimers();
    try {
      jest.advanceTimersByTime(10_000);
      let signal: AbortSignal | undefined;
      const answer = { status: 200, body: '{"errcode":40029,"errmsg":"invalid code"}' };
      const slow = createWeChatClient({
        ...CONFIG,
        timeoutMs: 1000,
        get: (_url, given) => {
          signal = given;
          return new Promise((resolve) => setTimeout(resolve, 120, answer));
        },
      });
      const failed = failure(slow.exchangeCode('c'));
      await jest.advanceTimersByTimeAsync(120);
      await failed;
      expect(logs).toEqual([expect.objectContaining({ errcode: 40029, durationMs: 120 })]);
      expect(jest.getTimerCount()).toBe(0);
      await jest.advanceTimersByTimeAsync(5000);
      expect(signal?.aborted).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it('names the website app in a failure’s log line, and leaves the service account’s lines as they were', async () => {
    answerTokenWith('{"errcode":40125,"errmsg":"invalid appsecret"}');
    for (const app of ['mp', 'open'] as const) await failure(createWeChatClient({ ...CONFIG, app }).exchangeCode('c'));
    expect(logs.map((line) => (Object.hasOwn(line, 'app') ? line.app : 'no app field'))).toEqual([
      'no app field',
      'open',
    ]);
  });

  it('renews an access token with the refresh token, which has no unionid', async () => {
    const token = await client.exchangeCode(fake().issueCode('full'));
    const renewed = await client.refreshToken(token.refresh_token);
    expect(renewed.access_token).not.toBe(token.access_token);
    expect(renewed.unionid).toBeUndefined();
  });

  it('reports a refused refresh token as reauth (40030)', async () => {
    expect(await failure(client.refreshToken('bogus'))).toMatchObject({ errcode: 40030, kind: 'reauth' });
  });

  it('reports userinfo with a snsapi_base token as reauth (48001)', async () => {
    const token = await client.exchangeCode(fake().issueCode('full', 'snsapi_base'));
    expect(token.unionid).toBeUndefined();
    expect(await failure(client.getUserInfo(token.access_token, token.openid))).toMatchObject({ errcode: 48001 });
  });

  it('logs a failure without a log option as one JSON line on console.warn: event, endpoint, errcode, rid, never a secret or token', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const token = await client.exchangeCode(fake().issueCode('full', 'snsapi_base'));
    await failure(createWeChatClient({ ...CONFIG, log: undefined }).getUserInfo(token.access_token, token.openid));

    expect(warn).toHaveBeenCalledTimes(1);
    const [line] = warn.mock.calls[0] as [string];
    expect(JSON.parse(line)).toEqual({
      event: 'wechat_error',
      endpoint: 'sns/userinfo',
      error: 'WeChatApiError',
      errcode: 48001,
      rid: expect.stringMatching(/^[0-9a-f]{8}-/),
      durationMs: expect.any(Number),
    });
    for (const secret of [TEST_APP_SECRET, token.access_token, token.refresh_token]) expect(line).not.toContain(secret);
  });
});

describe('the account-level cgi-bin/user/info (WECHAT-PROTOCOL §18)', () => {
  const account = createAccountApi(
    { apiBaseUrl: TEST_API_BASE, timeoutMs: 300, get: nodeGet, log: (line) => logs.push(line) },
    TEST_APP_ID,
    TEST_APP_SECRET,
  );

  it('reads subscribe, subscribe_time and subscribe_scene, nothing else, asking with the account token, the openid and lang', async () => {
    const asked: string[] = [];
    server.events.on('request:start', ({ request }) => void asked.push(request.url));
    const { access_token: token } = await account.fetchAccountToken();
    expect(await account.fetchFollower(token, 'oMockFullProfile000000000001')).toEqual({
      subscribe: 1,
      subscribe_time: 1552613400,
      subscribe_scene: 'ADD_SCENE_QR_CODE',
    });
    expect(await account.fetchFollower(token, 'oMockPost2021User00000000002')).toEqual({ subscribe: 0 });
    expect(asked[1]).toBe(
      `${TEST_API_BASE}/cgi-bin/user/info?access_token=${encodeURIComponent(token)}&openid=oMockFullProfile000000000001&lang=zh_CN`,
    );
  });

  it('refuses a subscribe that is neither 0 nor 1 as malformed', async () => {
    server.use(http.get(`${TEST_API_BASE}/cgi-bin/user/info`, () => plain('{"subscribe":"yes","openid":"o"}')));
    expect(await failure(account.fetchFollower('T', 'o'))).toBeInstanceOf(WeChatMalformedResponseError);
  });

  it('logs a 48001 (an unverified subscription account) with the way out, WECHAT_FOLLOW_STATUS=0, and never the token', async () => {
    fake().configureFaults({ account: ['follow-unauthorized'] });
    const { access_token: token } = await account.fetchAccountToken();
    expect(await failure(account.fetchFollower(token, 'oMockFullProfile000000000001'))).toMatchObject({
      errcode: 48001,
    });
    expect(logs).toEqual([
      expect.objectContaining({
        endpoint: 'cgi-bin/user/info',
        errcode: 48001,
        hint: expect.stringContaining('WECHAT_FOLLOW_STATUS=0'),
      }),
    ]);
    expect(JSON.stringify(logs)).not.toContain(token);
  });
});
