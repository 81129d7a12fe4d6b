/** The fake configuration of support/test.env, which jest.config.js loads into process.env. */
export const TEST_APP_ID = 'wx0000000000test01';
export const TEST_APP_SECRET = 'test-secret-0123456789abcdef';
/** The Open Platform website app of QR sign-in (WECHAT_OPEN_APPID/WECHAT_OPEN_APPSECRET). */
export const TEST_OPEN_APP = { appId: 'wx0000000000open01', appSecret: 'test-open-secret-0123456789abcdef' } as const;
export const TEST_SESSION_SECRET = 'test-session-secret-at-least-32-characters-long';
export const TEST_ORIGIN = 'https://wx.example.test';
export const TEST_OAUTH_BASE = 'https://open.weixin.test';
export const TEST_API_BASE = 'https://api.weixin.test';
export const WECHAT_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN';
export const DESKTOP_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

/** The relay set-up the relay tests load the routes with (support/relay.ts). */
export const TEST_RELAY_ORIGIN = 'https://relay.example.test';
export const TEST_RELAY_SECRET = 'test-relay-secret-at-least-32-characters-long';

/** A WeCom corp's self-built app (WECHAT-PROTOCOL §19), loaded on top of test.env by the WeCom tests (WECOM_VARS). */
export const TEST_WECOM = {
  corpId: 'ww0000000000test01',
  agentId: '1000002',
  secret: 'test-wecom-secret-0123456789abcdef',
};
export const TEST_WECOM_API_BASE = 'https://qyapi.weixin.test';
export const TEST_WECOM_LOGIN_BASE = 'https://login.work.weixin.test';
export const WECOM_VARS: Readonly<Record<string, string>> = {
  WECOM_CORPID: TEST_WECOM.corpId,
  WECOM_AGENTID: TEST_WECOM.agentId,
  WECOM_SECRET: TEST_WECOM.secret,
  WECOM_API_BASE_URL: TEST_WECOM_API_BASE,
  WECOM_LOGIN_BASE_URL: TEST_WECOM_LOGIN_BASE,
};
export const WECOM_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.6 MicroMessenger/7.0.1 Language/zh';
