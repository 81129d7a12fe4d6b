import { http } from 'msw';
import { loadProfile } from '@/lib/profile/load-profile';
import { setupFakeWeChat } from '../../support/fake-wechat-server';
import { TEST_API_BASE } from '../../support/env';
import { sessionFor } from '../../support/sessions';

const { fake, server } = setupFakeWeChat();
const now = () => Math.floor(Date.now() / 1000);

describe('what /profile shows for a session', () => {
  it('shows the stored profile within PROFILE_TTL_SECONDS without calling WeChat', async () => {
    const result = await loadProfile(await sessionFor(fake(), 'full'));
    expect(result).toMatchObject({ kind: 'full', view: { nickname: '张小明', sexLabel: '男' }, outdated: false });
    expect(fake().calls()['sns/userinfo']).toBe(0);
  });

  it('asks WeChat once for a fresh profile after the TTL', async () => {
    const result = await loadProfile(await sessionFor(fake(), 'post2021', { fetchedAt: now() - 601 }));
    expect(result).toMatchObject({ kind: 'full', view: { nickname: '恩爸', province: '未公开' } });
    expect(fake().calls()['sns/userinfo']).toBe(1);
  });

  it('goes through the refresh route when the access token has expired', async () => {
    const result = await loadProfile(await sessionFor(fake(), 'full', { accessTokenExpiresAt: now() - 10 }));
    expect(result).toEqual({ kind: 'redirect', to: '/auth/wechat/refresh?returnTo=%2Fprofile' });
  });

  it('falls back to the stored profile, marked outdated, when WeChat is busy', async () => {
    const session = await sessionFor(fake(), 'full', { fetchedAt: now() - 601 });
    server.use(http.get(`${TEST_API_BASE}/sns/userinfo`, () => new Response('{"errcode":-1,"errmsg":"system error"}')));
    const result = await loadProfile(session);
    expect(result).toMatchObject({ kind: 'full', outdated: true, view: { nickname: '张小明' } });
  });

  it('shows a snsapi_base session’s openid without calling WeChat', async () => {
    const session = await sessionFor(fake(), 'full', { scope: 'snsapi_base', profile: null });
    expect(await loadProfile(session)).toEqual({
      kind: 'base',
      openid: 'oMockFullProfile000000000001',
      snapshot: false,
    });
  });

  it('keeps the snapshot flag so the page can show the 使用完整服务 notice', async () => {
    const result = await loadProfile(await sessionFor(fake(), 'snapshot', { snapshot: true }));
    expect(result).toMatchObject({ kind: 'full', snapshot: true });
  });
});
