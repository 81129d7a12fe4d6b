import { manualClock, newFake, refresh, signIn, sns, userInfo } from './fake';

const HOUR_MS = 3600 * 1000;
const DAY_MS = 24 * HOUR_MS;
const s = String;

describe('tokens at the mock sns/* API', () => {
  it('answers sns/userinfo with 42001 once the access token is older than expires_in, every time it is asked', async () => {
    const clock = manualClock();
    const fake = newFake({ now: clock.now });
    const token = await signIn(fake);
    clock.advance(2 * HOUR_MS - 1);
    expect(await userInfo(fake, s(token.access_token), s(token.openid))).toHaveProperty('nickname', '张小明');
    clock.advance(1);
    expect(await userInfo(fake, s(token.access_token), s(token.openid))).toMatchObject({ errcode: 42001 });
    expect(await userInfo(fake, s(token.access_token), s(token.openid))).toMatchObject({ errcode: 42001 });
  });

  it('renews an expired access token with the refresh token, which stays the same and brings no unionid', async () => {
    const clock = manualClock();
    const fake = newFake({ now: clock.now });
    const token = await signIn(fake);
    clock.advance(3 * HOUR_MS);
    const renewed = await refresh(fake, s(token.refresh_token));
    expect(renewed).toMatchObject({
      refresh_token: token.refresh_token,
      openid: token.openid,
      scope: 'snsapi_userinfo',
      expires_in: 7200,
    });
    expect(renewed.access_token).not.toBe(token.access_token);
    expect(renewed).not.toHaveProperty('unionid');
    expect(await userInfo(fake, s(renewed.access_token), s(renewed.openid))).toHaveProperty('nickname', '张小明');
  });

  it('answers an unknown refresh token with 40030 invalid refresh_token', async () => {
    expect(await refresh(newFake(), 'not-a-refresh-token')).toMatchObject({ errcode: 40030 });
  });

  it('answers a refresh token older than 30 days with 42002, however often it was used', async () => {
    const clock = manualClock();
    const fake = newFake({ now: clock.now });
    const token = await signIn(fake);
    clock.advance(29 * DAY_MS);
    expect(await refresh(fake, s(token.refresh_token))).toHaveProperty('access_token');
    clock.advance(DAY_MS);
    expect(await refresh(fake, s(token.refresh_token))).toMatchObject({ errcode: 42002 });
  });

  it('answers a refresh with another AppID with 40013 and without one with 41002', async () => {
    const fake = newFake();
    const token = await signIn(fake);
    const params = { grant_type: 'refresh_token', refresh_token: s(token.refresh_token) };
    expect(await sns(fake, 'sns/oauth2/refresh_token', { appid: 'wx9999999999other', ...params })).toMatchObject({
      errcode: 40013,
    });
    expect(await sns(fake, 'sns/oauth2/refresh_token', params)).toMatchObject({ errcode: 41002 });
  });

  it('answers sns/userinfo with 48001 api unauthorized for a snsapi_base token', async () => {
    const fake = newFake();
    const token = await signIn(fake, 'full', 'snsapi_base');
    const answer = await userInfo(fake, s(token.access_token), s(token.openid));
    expect(answer.errcode).toBe(48001);
    expect(answer.errmsg).toMatch(/^api unauthorized, rid: /);
  });

  it('keeps a renewed snsapi_base token a base token', async () => {
    const fake = newFake();
    const token = await signIn(fake, 'full', 'snsapi_base');
    const renewed = await refresh(fake, s(token.refresh_token));
    expect(renewed.scope).toBe('snsapi_base');
    expect(await userInfo(fake, s(renewed.access_token), s(renewed.openid))).toMatchObject({ errcode: 48001 });
  });

  it('answers sns/userinfo with 40003 for an openid that is not the token’s, and 40001 for a token it never issued', async () => {
    const fake = newFake();
    const token = await signIn(fake);
    expect(await userInfo(fake, s(token.access_token), 'oSomeoneElse0000000000000000')).toMatchObject({
      errcode: 40003,
    });
    expect(await userInfo(fake, 'never-issued', s(token.openid))).toMatchObject({ errcode: 40001 });
  });

  it('answers sns/auth with errcode 0 for a live token, 40003 for another openid and 42001 once expired', async () => {
    const clock = manualClock();
    const fake = newFake({ now: clock.now });
    const token = await signIn(fake);
    const check = (openid: string) => sns(fake, 'sns/auth', { access_token: s(token.access_token), openid });
    expect(await check(s(token.openid))).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await check('oSomeoneElse0000000000000000')).toMatchObject({ errcode: 40003 });
    clock.advance(2 * HOUR_MS);
    expect(await check(s(token.openid))).toMatchObject({ errcode: 42001 });
  });

  it('gives a snapshot user a virtual openid and unionid, new for every authorization, flagged is_snapshotuser 1', async () => {
    const fake = newFake();
    const first = await signIn(fake, 'snapshot');
    const second = await signIn(fake, 'snapshot');
    expect(first.is_snapshotuser).toBe(1);
    expect(first.openid).not.toBe('oMockSnapshotVirtual00000003');
    expect(first.openid).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect(first.openid).not.toBe(second.openid);
    expect(first.unionid).not.toBe(second.unionid);
    const info = await userInfo(fake, s(first.access_token), s(first.openid));
    expect(info).toMatchObject({ openid: first.openid, unionid: first.unionid, nickname: '微信用户' });
  });

  it('honours shorter token lifetimes when they are configured', async () => {
    const clock = manualClock();
    const fake = newFake({ now: clock.now, accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 120 });
    const token = await signIn(fake);
    expect(token.expires_in).toBe(60);
    clock.advance(60_000);
    expect(await userInfo(fake, s(token.access_token), s(token.openid))).toMatchObject({ errcode: 42001 });
    clock.advance(60_000);
    expect(await refresh(fake, s(token.refresh_token))).toMatchObject({ errcode: 42002 });
  });
});
