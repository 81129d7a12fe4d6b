import { setupFakeWeChat } from '../../support/fake-wechat-server';
import { sessionFor } from '../../support/sessions';

const now = () => Math.floor(Date.now() / 1000);

describe('what /profile shows with PROFILE_TTL_SECONDS=0', () => {
  const { fake } = setupFakeWeChat();
  let loadProfile: typeof import('@/lib/profile/load-profile').loadProfile;

  beforeAll(() => {
    jest.isolateModules(() => {
      process.env.PROFILE_TTL_SECONDS = '0';
      ({ loadProfile } = jest.requireActual<typeof import('@/lib/profile/load-profile')>('@/lib/profile/load-profile'));
    });
  });
  afterAll(() => {
    delete process.env.PROFILE_TTL_SECONDS;
  });

  it('asks WeChat again on every later view', async () => {
    const result = await loadProfile(await sessionFor(fake(), 'full', { fetchedAt: now() - 6 }));
    expect(result).toMatchObject({ kind: 'full', view: { nickname: '张小明' } });
    expect(fake().calls()['sns/userinfo']).toBe(1);
  });

  it('does not ask again in the redirect right after the sign-in or refresh that fetched the profile', async () => {
    const result = await loadProfile(await sessionFor(fake(), 'full', { fetchedAt: now() }));
    expect(result).toMatchObject({ kind: 'full', view: { nickname: '张小明' } });
    expect(fake().calls()['sns/userinfo']).toBe(0);
  });
});
