import { CALLBACK, OAUTH, exchange, newFake, userInfo, validPairs } from './fake';
import type { FakeWeChat } from '@/mocks/wechat/fake-wechat';

/** Posts the consent form as the browser would: the authorize parameters as hidden fields, then the user's choices. */
function answer(fake: FakeWeChat, choices: Record<string, string>, pairs = validPairs()): Promise<Response> {
  const body = new URLSearchParams([...pairs, ...Object.entries(choices)]);
  return fake.handle(
    new Request(`${OAUTH}/connect/oauth2/authorize/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    }),
  );
}

const codeOf = (response: Response): string =>
  new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';

describe('the mock consent sheet', () => {
  it('after 允许, sends the browser (303) to redirect_uri with a code for the chosen persona and the state', async () => {
    const fake = newFake();
    const response = await answer(fake, { persona: 'post2021', fault: '', decision: 'allow' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('state')).toBe('State123');
    const token = await exchange(fake, codeOf(response));
    expect(token).toMatchObject({ openid: 'oMockPost2021User00000000002', scope: 'snsapi_userinfo' });
    const info = await userInfo(fake, String(token.access_token), String(token.openid));
    expect(info).toMatchObject({ nickname: '恩爸', sex: 0, province: '', city: '', country: '', privilege: [] });
  });

  it('after 拒绝, sends the browser back with the state and no code, and issues nothing', async () => {
    const fake = newFake();
    const response = await answer(fake, { persona: 'full', decision: 'deny' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('State123');
    expect(location.searchParams.has('code')).toBe(false);
    expect(fake.size()).toBe(0);
  });

  it('signs in the default persona when the form names no known persona', async () => {
    const fake = newFake();
    const token = await exchange(fake, codeOf(await answer(fake, { persona: 'nobody', decision: 'allow' })));
    expect(token.openid).toBe('oMockFullProfile000000000001');
  });

  it('checks the posted parameters again and answers tampered ones with the error page', async () => {
    const fake = newFake();
    const pairs = validPairs().map(([k, v]) => [k, k === 'state' ? 'bad state!' : v] as [string, string]);
    const response = await answer(fake, { persona: 'full', decision: 'allow' }, pairs);
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('错误码:10013');
    expect(fake.size()).toBe(0);
  });

  it('carries the chosen fault on the code, so the exchange of that code fails that way', async () => {
    const fake = newFake();
    const token = await exchange(
      fake,
      codeOf(await answer(fake, { persona: 'full', fault: 'invalid-code', decision: 'allow' })),
    );
    expect(token).toMatchObject({ errcode: 40029 });
  });

  it('ignores a fault it does not know', async () => {
    const fake = newFake();
    const token = await exchange(
      fake,
      codeOf(await answer(fake, { persona: 'emoji', fault: 'meltdown', decision: 'allow' })),
    );
    expect(token).toMatchObject({ openid: 'oMockEmojiNickname0000000005' });
  });
  it('after a 「code 无效」 answer, the sheet the silent restart lands on says what happened, once', async () => {
    const fake = newFake();
    const confirmed = await answer(fake, { persona: 'full', fault: 'invalid-code', decision: 'allow' });
    const cookie = (confirmed.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(confirmed.headers.get('set-cookie')).toMatch(/Path=\/connect; Max-Age=60; HttpOnly/);
    const sheet = (cookieHeader: string) =>
      fake.handle(
        new Request(`${OAUTH}/connect/oauth2/authorize?${new URLSearchParams(validPairs())}`, {
          headers: { cookie: cookieHeader },
        }),
      );
    const restarted = await sheet(cookie);
    expect(await restarted.text()).toContain('刚才模拟了「code 无效（errcode 40029）」');
    expect(restarted.headers.get('set-cookie')).toMatch(/^mock_wechat_fault=; Path=\/connect; Max-Age=0/);
    expect(await (await sheet('')).text()).not.toContain('刚才模拟了');
  });

  it('a normal answer leaves no note for the next sheet', async () => {
    const fake = newFake();
    const confirmed = await answer(fake, { persona: 'full', fault: '', decision: 'allow' });
    expect(confirmed.headers.get('set-cookie')).toBeNull();
  });
});

describe('the mock consent sheet says which persona follows the account', () => {
  it('marks the personas who follow and those who do not, and says nothing of it for the snapshot user', async () => {
    const page = await (
      await newFake().handle(new Request(`${OAUTH}/connect/oauth2/authorize?${new URLSearchParams(validPairs())}`))
    ).text();
    const description = (nickname: string) =>
      new RegExp(
        `${nickname}</span><span class="visually-hidden"> · </span><span class="consent__persona-desc">([^<]*)<`,
      ).exec(page)?.[1];
    expect(description('张小明')).toMatch(/，已关注公众号$/);
    expect(description('🐼熊猫🎋Panda✨')).toMatch(/，已关注公众号$/);
    expect(description('恩爸')).toMatch(/，未关注公众号$/);
    expect(description('李雷')).toMatch(/，未关注公众号$/);
    expect(description('微信用户')).toBe('快照页虚拟用户');
  });
});
