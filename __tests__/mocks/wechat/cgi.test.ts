/** The mock's account token, jsapi_ticket and JS-SDK check (WECHAT-PROTOCOL §15), as the app and the stand-in use them. */
import { createHash } from 'node:crypto';
import type { FakeWeChat } from '@/mocks/wechat/fake-wechat';
import { API, APP_ID, APP_SECRET, manualClock, newFake, signIn, type WeChatBody } from './fake';

const PAGE = 'https://wx.example.test/profile?from=timeline';

async function stableToken(fake: FakeWeChat, body: Record<string, unknown> = {}): Promise<WeChatBody> {
  const payload = { grant_type: 'client_credential', appid: APP_ID, secret: APP_SECRET, force_refresh: false, ...body };
  const request = new Request(`${API}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify(payload) });
  return JSON.parse(await (await fake.handle(request)).text()) as WeChatBody;
}

async function getTicket(fake: FakeWeChat, token: unknown): Promise<WeChatBody> {
  const url = `${API}/cgi-bin/ticket/getticket?access_token=${String(token)}&type=jsapi`;
  return JSON.parse(await (await fake.handle(new Request(url))).text()) as WeChatBody;
}

function sign(ticket: unknown, nonceStr: string, timestamp: number, url: string): string {
  const plain = `jsapi_ticket=${String(ticket)}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`;
  return createHash('sha1').update(plain).digest('hex');
}

async function preverify(fake: FakeWeChat, config: Record<string, unknown>, url = PAGE): Promise<string> {
  const request = new Request(`${API}/jssdk/preverify`, { method: 'POST', body: JSON.stringify({ ...config, url }) });
  return ((await (await fake.handle(request)).json()) as { errMsg: string }).errMsg;
}

describe('the mock account token (cgi-bin/stable_token)', () => {
  it('answers the same live token to repeated calls, and a new one only in its last 5 minutes', async () => {
    const clock = manualClock();
    const fake = newFake({ now: clock.now });
    const first = await stableToken(fake);
    expect(first).toMatchObject({ access_token: expect.any(String), expires_in: 7200 });
    clock.advance(6000 * 1000);
    expect(await stableToken(fake)).toEqual({ access_token: first.access_token, expires_in: 1200 });
    clock.advance(901 * 1000);
    const renewed = await stableToken(fake);
    expect(renewed).toMatchObject({ expires_in: 7200 });
    expect(renewed.access_token).not.toBe(first.access_token);
    expect(await getTicket(fake, first.access_token)).toMatchObject({ errcode: 0 });
  });

  it.each([
    ['a wrong AppID', { appid: 'wx00000000000other' }, 40013],
    ['a wrong AppSecret', { secret: 'wrong' }, 40125],
  ])('refuses %s with %s', async (_, body, errcode) => {
    expect(await stableToken(newFake(), body)).toMatchObject({ errcode });
  });

  it.each([
    ['ip-not-allowed', 40164, /^invalid ip 203\.0\.113\.7 .*not in whitelist, rid: /],
    ['quota', 45009, /^reach max api daily quota limit, rid: /],
  ] as const)('answers every call with the %s fault with %i', async (fault, errcode, errmsg) => {
    const fake = newFake({ faults: { account: [fault] } });
    expect(await stableToken(fake)).toMatchObject({ errcode, errmsg: expect.stringMatching(errmsg) });
    expect(fake.calls()['cgi-bin/stable_token']).toBe(1);
  });
});

describe('the mock jsapi_ticket (cgi-bin/ticket/getticket)', () => {
  it('answers the same ticket with expires_in 7200 again to a re-fetch within its life', async () => {
    const clock = manualClock();
    const fake = newFake({ now: clock.now });
    const { access_token: token } = await stableToken(fake);
    const first = await getTicket(fake, token);
    expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', ticket: expect.any(String), expires_in: 7200 });
    clock.advance(3600 * 1000);
    expect(await getTicket(fake, token)).toEqual(first);
  });

  it('answers 40001 to a token it never issued', async () => {
    expect(await getTicket(newFake(), 'not-a-token')).toMatchObject({ errcode: 40001 });
  });

  it('with token-overwritten, finds the first token replaced elsewhere once: 40001, then a new token works', async () => {
    const fake = newFake({ faults: { account: ['token-overwritten'] } });
    const { access_token: first } = await stableToken(fake);
    expect(await getTicket(fake, first)).toMatchObject({ errcode: 40001 });
    const { access_token: second } = await stableToken(fake);
    expect(second).not.toBe(first);
    expect(await getTicket(fake, second)).toMatchObject({ errcode: 0 });
  });
});

describe('the JS-SDK stand-in and its check of wx.config', () => {
  it('serves jweixin-1.6.0.js as JavaScript that defines wx with config, ready, error and the two share calls', async () => {
    const response = await newFake().handle(new Request(`${API}/mock-wechat/open/js/jweixin-1.6.0.js`), '/mock-wechat');
    expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    const script = await response.text();
    for (const name of ['config', 'ready', 'error', 'updateAppMessageShareData', 'updateTimelineShareData'])
      expect(script).toContain(`${name}:`);
    expect(script).toContain('"/mock-wechat/jssdk/preverify"');
  });

  it('accepts a signature of the page’s URL with the ticket it issued, and refuses a wrong URL, nonce or stale ticket', async () => {
    const clock = manualClock();
    const fake = newFake({ now: clock.now });
    const { ticket } = await getTicket(fake, (await stableToken(fake)).access_token);
    const timestamp = Math.floor(clock.now() / 1000);
    const config = {
      appId: APP_ID,
      timestamp,
      nonceStr: 'Wm3WZYTPz0wzccnW',
      signature: sign(ticket, 'Wm3WZYTPz0wzccnW', timestamp, PAGE),
    };
    expect(await preverify(fake, config)).toBe('config:ok');
    expect(await preverify(fake, config, 'https://wx.example.test/profile')).toBe('config:invalid signature');
    expect(await preverify(fake, { ...config, nonceStr: 'another' })).toBe('config:invalid signature');
    expect(await preverify(fake, { ...config, appId: 'wx00000000000other' })).toBe('config:invalid appid');
    clock.advance(7201 * 1000);
    expect(await preverify(fake, config)).toBe('config:invalid signature');
  });
});

describe('the mock cgi-bin/user/info: whether a user follows the account (WECHAT-PROTOCOL §18)', () => {
  async function follower(fake: FakeWeChat, openid: string, token?: string, signal?: AbortSignal): Promise<WeChatBody> {
    const accountToken = token ?? (await stableToken(fake)).access_token;
    const query = new URLSearchParams({ access_token: String(accountToken), openid, lang: 'zh_CN' });
    const response = await fake.handle(new Request(`${API}/cgi-bin/user/info?${query}`), '', signal);
    return JSON.parse(await response.text()) as WeChatBody;
  }

  it('says 张小明 follows, since 2019-03-15 09:30 in Beijing, from a QR code, without nickname or avatar', async () => {
    const fake = newFake();
    const { openid } = await signIn(fake, 'full');
    const answer = await follower(fake, String(openid));
    expect(answer).toMatchObject({
      subscribe: 1,
      openid,
      subscribe_time: Date.UTC(2019, 2, 15, 1, 30) / 1000,
      subscribe_scene: 'ADD_SCENE_QR_CODE',
    });
    expect(answer).not.toHaveProperty('nickname');
    expect(answer).not.toHaveProperty('headimgurl');
    expect(fake.calls()['cgi-bin/user/info']).toBe(1);
  });

  it('says 恩爸 does not follow, with nothing but subscribe 0, the openid and the unionid', async () => {
    const fake = newFake();
    const { openid } = await signIn(fake, 'post2021');
    expect(await follower(fake, String(openid))).toEqual({
      subscribe: 0,
      openid,
      unionid: 'oUnionPost2021User0000000002',
    });
  });

  it('names a channel §18’s table does not list for the emoji persona', async () => {
    const fake = newFake();
    const { openid } = await signIn(fake, 'emoji');
    expect(await follower(fake, String(openid))).toMatchObject({
      subscribe: 1,
      subscribe_scene: expect.not.stringMatching(/^ADD_SCENE_(QR_CODE|SEARCH|OTHERS)$/),
    });
  });

  it.each([
    ['a snapshot user’s virtual openid', async (fake: FakeWeChat) => String((await signIn(fake, 'snapshot')).openid)],
    ['a website app’s openid', async () => 'oWebFullProfile0000000000001'],
  ])('answers 40003 for %s: no user of this account', async (_, openidOf) => {
    const fake = newFake();
    expect(await follower(fake, await openidOf(fake))).toMatchObject({ errcode: 40003 });
  });

  it('answers 40001 to an account token it never issued, and 48001 with the follow-unauthorized fault', async () => {
    expect(await follower(newFake(), 'oMockFullProfile000000000001', 'not-a-token')).toMatchObject({
      errcode: 40001,
    });
    const unauthorized = newFake({ faults: { account: ['follow-unauthorized'] } });
    expect(await follower(unauthorized, 'oMockFullProfile000000000001')).toMatchObject({
      errcode: 48001,
      errmsg: expect.stringMatching(/^api unauthorized, rid: /),
    });
  });

  it('with the follow-slow fault answers nothing until the caller gives up, and the account token still comes at once', async () => {
    const fake = newFake({ faults: { account: ['follow-slow'], slowMs: 60_000 } });
    const { access_token: token } = await stableToken(fake);
    const caller = new AbortController();
    let answered = false;
    const asking = follower(fake, 'oMockFullProfile000000000001', String(token), caller.signal).finally(() => {
      answered = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    caller.abort();
    await expect(asking).rejects.toBeDefined();
  });
});
