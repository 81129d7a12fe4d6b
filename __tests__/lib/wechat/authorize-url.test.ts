import { buildAuthorizeUrl, buildQrConnectUrl } from '@/lib/wechat/authorize-url';
import { AUTHORIZE_OPTIONS } from '@/lib/wechat/authorize-options';

const base = {
  oauthBaseUrl: 'https://open.weixin.qq.com',
  appId: 'wx520c15f417810387',
  redirectUri: 'https://wx.example.com/auth/wechat/callback',
  state: 'abcDEF123',
};

describe('buildAuthorizeUrl', () => {
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

describe('WeChat’s optional authorize parameters (WECHAT-PROTOCOL §1.2–1.3), each an opt-in', () => {
  const canonical = buildAuthorizeUrl({ ...base, scope: 'snsapi_userinfo' });
  const withOptions = (options: Parameters<typeof buildAuthorizeUrl>[0]['options']) =>
    buildAuthorizeUrl({ ...base, scope: 'snsapi_userinfo', options });

  it('are all off in lib/wechat/authorize-options.ts, so the URL is the canonical one', () => {
    expect(AUTHORIZE_OPTIONS).toEqual({ forcePopup: false, forceSnapShot: false, connectRedirect: false });
    expect(withOptions(AUTHORIZE_OPTIONS)).toBe(canonical);
  });

  it.each([
    ['forcePopup', { forcePopup: true }, '&state=abcDEF123&forcePopup=true#wechat_redirect'],
    ['forceSnapShot', { forceSnapShot: true }, '&state=abcDEF123&forceSnapShot=true#wechat_redirect'],
    ['connect_redirect', { connectRedirect: true }, '&state=abcDEF123&connect_redirect=1#wechat_redirect'],
  ])('%s goes after state and before #wechat_redirect, the rest of the URL unchanged', (_name, options, tail) => {
    const url = withOptions(options);
    expect(url.endsWith(tail)).toBe(true);
    expect(url.slice(0, url.length - tail.length)).toBe(canonical.slice(0, canonical.indexOf('&state=')));
  });

  it('go in the order forcePopup, forceSnapShot, connect_redirect when all are on', () => {
    expect(withOptions({ forcePopup: true, forceSnapShot: true, connectRedirect: true })).toBe(
      canonical.replace('#wechat_redirect', '&forcePopup=true&forceSnapShot=true&connect_redirect=1#wechat_redirect'),
    );
  });
});

describe('buildQrConnectUrl', () => {
  it('builds the website app’s QR page URL in the same order, scope snsapi_login (WECHAT-PROTOCOL §17)', () => {
    expect(buildQrConnectUrl(base)).toBe(
      'https://open.weixin.qq.com/connect/qrconnect?appid=wx520c15f417810387' +
        '&redirect_uri=https%3A%2F%2Fwx.example.com%2Fauth%2Fwechat%2Fcallback' +
        '&response_type=code&scope=snsapi_login&state=abcDEF123#wechat_redirect',
    );
  });
});
