import { createWeChatClient } from '@/lib/wechat/client';

const client = createWeChatClient({
  oauthBaseUrl: 'https://open.weixin.qq.com',
  appId: 'wx520c15f417810387',
  appSecret: 'never-in-a-url',
  apiBaseUrl: 'https://api.weixin.qq.com',
  timeoutMs: 1000,
  lang: 'zh_CN',
});
const base = { redirectUri: 'https://wx.example.com/auth/wechat/callback', state: 'abcDEF123' };
const buildAuthorizeUrl = client.authorizeUrl;
const buildQrConnectUrl = client.qrConnectUrl;

describe('the authorize URL', () => {
  it('builds the snsapi_userinfo URL with parameters in WeChat’s required order and #wechat_redirect', () => {
    expect(buildAuthorizeUrl({ ...base, scope: 'snsapi_userinfo' })).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx520c15f417810387' +
        '&redirect_uri=https%3A%2F%2Fwx.example.com%2Fauth%2Fwechat%2Fcallback' +
        '&response_type=code&scope=snsapi_userinfo&state=abcDEF123#wechat_redirect',
    );
  });

  it('builds the snsapi_base URL the same way', () => {
    expect(buildAuthorizeUrl({ ...base, scope: 'snsapi_base' })).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx520c15f417810387' +
        '&redirect_uri=https%3A%2F%2Fwx.example.com%2Fauth%2Fwechat%2Fcallback' +
        '&response_type=code&scope=snsapi_base&state=abcDEF123#wechat_redirect',
    );
  });

  it('encodes a redirect_uri that carries its own query so WeChat does not split it', () => {
    const url = buildAuthorizeUrl({
      ...base,
      redirectUri: 'https://wx.example.com/cb?a=1&b=2#x',
      scope: 'snsapi_base',
    });
    expect(url).toContain('redirect_uri=https%3A%2F%2Fwx.example.com%2Fcb%3Fa%3D1%26b%3D2%23x&response_type');
    expect(url.endsWith('#wechat_redirect')).toBe(true);
  });
});

describe('the QR page URL', () => {
  it('builds the website app’s QR page URL in the same order, scope snsapi_login (WECHAT-PROTOCOL §17)', () => {
    expect(buildQrConnectUrl(base)).toBe(
      'https://open.weixin.qq.com/connect/qrconnect?appid=wx520c15f417810387' +
        '&redirect_uri=https%3A%2F%2Fwx.example.com%2Fauth%2Fwechat%2Fcallback' +
        '&response_type=code&scope=snsapi_login&state=abcDEF123#wechat_redirect',
    );
  });
});
