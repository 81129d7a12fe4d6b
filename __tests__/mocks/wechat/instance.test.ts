import { getMockWeChat, mockFetch, MOCK_API_BASE_URL, type MockEnv } from '@/mocks/wechat/instance';

const KEY = Symbol.for('wechat-oauth-next.mock-wechat');
const ENV: MockEnv = { appId: 'wxmock0000000000001', appSecret: 'mock-app-secret', timeoutMs: 5000, mockLatencyMs: 0, mockFaultRate: 0, mockFaultKinds: [] };

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[KEY];
});

const exchangeThrough = async (env: MockEnv, code: string) => {
  const response = await mockFetch(getMockWeChat(env))(
    `${MOCK_API_BASE_URL}/sns/oauth2/access_token?appid=${env.appId}&secret=${env.appSecret}&code=${code}&grant_type=authorization_code`,
  );
  return JSON.parse(await response.text()) as Record<string, unknown>;
};

describe('the mock WeChat instance of a process', () => {
  it('is one fake for every caller, so codes issued by the routes are known to the app’s client', async () => {
    const code = getMockWeChat(ENV).issueCode('post2021');
    expect(getMockWeChat({ ...ENV, mockFaultRate: 1 })).toBe(getMockWeChat(ENV));
    expect(await exchangeThrough(ENV, code)).toMatchObject({ openid: 'oMockPost2021User00000000002' });
  });

  it('injects the configured random faults and ignores fault names it does not know', async () => {
    const env = { ...ENV, mockFaultRate: 1, mockFaultKinds: ['busy', 'no-such-fault'] };
    const fake = getMockWeChat(env);
    expect(await exchangeThrough(env, fake.issueCode())).toMatchObject({ errcode: -1 });
  });
});
