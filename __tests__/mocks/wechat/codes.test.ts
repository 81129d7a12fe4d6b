import { APP_ID, APP_SECRET, exchange, manualClock, newFake, sns, type WeChatBody } from './fake';

const CODE_TTL_MS = 5 * 60 * 1000;

describe('codes at the mock sns/oauth2/access_token', () => {
  it('exchanges a code once; the second use answers 40163 code been used', async () => {
    const fake = newFake();
    const code = fake.issueCode();
    expect(await exchange(fake, code)).toMatchObject({ openid: 'oMockFullProfile000000000001', expires_in: 7200 });
    const again = await exchange(fake, code);
    expect(again.errcode).toBe(40163);
    expect(again.errmsg).toMatch(/^code been used, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  });

  it('accepts a code until its five minutes are up, then answers 40029', async () => {
    const clock = manualClock();
    const fake = newFake({ now: clock.now });
    const early = fake.issueCode();
    const late = fake.issueCode();
    clock.advance(CODE_TTL_MS - 1);
    expect(await exchange(fake, early)).toHaveProperty('access_token');
    clock.advance(1);
    expect(await exchange(fake, late)).toMatchObject({ errcode: 40029 });
  });

  it.each<[string, Record<string, string>, number]>([
    [
      'an unknown code',
      { appid: APP_ID, secret: APP_SECRET, code: 'NotACodeThisFakeEverIssued000000', grant_type: 'authorization_code' },
      40029,
    ],
    ['no code', { appid: APP_ID, secret: APP_SECRET, grant_type: 'authorization_code' }, 41008],
    [
      'a wrong AppSecret',
      { appid: APP_ID, secret: 'wrong-secret', code: 'x', grant_type: 'authorization_code' },
      40125,
    ],
    ['no AppSecret', { appid: APP_ID, code: 'x', grant_type: 'authorization_code' }, 41004],
    [
      'another AppID',
      { appid: 'wx9999999999other', secret: APP_SECRET, code: 'x', grant_type: 'authorization_code' },
      40013,
    ],
    ['no AppID', { secret: APP_SECRET, code: 'x', grant_type: 'authorization_code' }, 41002],
  ])('answers %s with errcode %i', async (_, params, errcode) => {
    expect(await sns(newFake(), 'sns/oauth2/access_token', params)).toMatchObject({ errcode });
  });

  it('does not consume a code on a request with the wrong AppSecret', async () => {
    const fake = newFake();
    const code = fake.issueCode();
    expect(await exchange(fake, code, 'wrong-secret')).toMatchObject({ errcode: 40125 });
    expect(await exchange(fake, code)).toHaveProperty('access_token');
  });

  it('answers like WeChat: HTTP 200, text/plain, escaped slashes and raw UTF-8', async () => {
    const fake = newFake();
    const tokenResponse = await fake.handle(
      new Request(
        `https://api.weixin.test/sns/oauth2/access_token?appid=${APP_ID}&secret=${APP_SECRET}&code=${fake.issueCode('emoji')}&grant_type=authorization_code`,
      ),
    );
    expect(tokenResponse.status).toBe(200);
    expect(tokenResponse.headers.get('content-type')).toBe('text/plain');
    const token = JSON.parse(await tokenResponse.text()) as WeChatBody;
    const info = await fake.handle(
      new Request(
        `https://api.weixin.test/sns/userinfo?access_token=${token.access_token}&openid=${token.openid}&lang=zh_CN`,
      ),
    );
    const text = await info.text();
    expect(text).toContain('https:\\/\\/thirdwx.qlogo.cn\\/mmopen\\/');
    expect(text).toContain('🐼熊猫🎋Panda✨');
  });

  it('leaves unionid out for snsapi_base and is_snapshotuser out for a normal user', async () => {
    const fake = newFake();
    const base = await exchange(fake, fake.issueCode('full', 'snsapi_base'));
    const full = await exchange(fake, fake.issueCode('full', 'snsapi_userinfo'));
    const noUnion = await exchange(fake, fake.issueCode('no-avatar', 'snsapi_userinfo'));
    expect(Object.keys(base).sort()).toEqual(['access_token', 'expires_in', 'openid', 'refresh_token', 'scope']);
    expect(full).toMatchObject({ scope: 'snsapi_userinfo', unionid: 'oUnionFullProfile00000000001' });
    expect(full).not.toHaveProperty('is_snapshotuser');
    expect(noUnion).not.toHaveProperty('unionid');
  });
});
