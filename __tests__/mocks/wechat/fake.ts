import { createFakeWeChat, type FakeWeChat, type FakeWeChatOptions } from '@/mocks/wechat/fake-wechat';
import type { PersonaId } from '@/mocks/wechat/personas';

export const APP_ID = 'wx1234567890mocktest';
export const APP_SECRET = 'mock-test-app-secret';
export const API = 'https://api.weixin.test';
export const OAUTH = 'https://open.weixin.test';
export const CALLBACK = 'https://wx.example.test/auth/wechat/callback';

export type WeChatBody = Record<string, unknown>;

/** A clock the test moves by hand, so expiry is tested without waiting. */
export function manualClock(start = Date.UTC(2026, 0, 1)): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

export function newFake(options: Partial<FakeWeChatOptions> = {}): FakeWeChat {
  return createFakeWeChat({ appId: APP_ID, appSecret: APP_SECRET, ...options });
}

/** One sns/* GET, answered by the fake; WeChat's text/plain JSON parsed as the app would. */
export async function sns(
  fake: FakeWeChat,
  endpoint: string,
  params: Record<string, string>,
  init: RequestInit = {},
): Promise<WeChatBody> {
  const response = await fake.handle(new Request(`${API}/${endpoint}?${new URLSearchParams(params)}`, init));
  return JSON.parse(await response.text()) as WeChatBody;
}

export const exchange = (fake: FakeWeChat, code: string, secret = APP_SECRET): Promise<WeChatBody> =>
  sns(fake, 'sns/oauth2/access_token', { appid: APP_ID, secret, code, grant_type: 'authorization_code' });

export const refresh = (fake: FakeWeChat, refreshToken: string): Promise<WeChatBody> =>
  sns(fake, 'sns/oauth2/refresh_token', { appid: APP_ID, grant_type: 'refresh_token', refresh_token: refreshToken });

export const userInfo = (fake: FakeWeChat, accessToken: string, openid: string): Promise<WeChatBody> =>
  sns(fake, 'sns/userinfo', { access_token: accessToken, openid, lang: 'zh_CN' });

export async function signIn(
  fake: FakeWeChat,
  persona: PersonaId = 'full',
  scope: 'snsapi_base' | 'snsapi_userinfo' = 'snsapi_userinfo',
): Promise<WeChatBody> {
  return exchange(fake, fake.issueCode(persona, scope));
}

/** The authorize URL with the given parameters, in the order given. */
export function authorizeRequest(
  pairs: ReadonlyArray<readonly [string, string]>,
  fragment = '#wechat_redirect',
): Request {
  const query = pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return new Request(`${OAUTH}/connect/oauth2/authorize?${query}${fragment}`);
}

export const validPairs = (scope = 'snsapi_userinfo', state = 'State123'): Array<[string, string]> => [
  ['appid', APP_ID],
  ['redirect_uri', CALLBACK],
  ['response_type', 'code'],
  ['scope', scope],
  ['state', state],
];
