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
