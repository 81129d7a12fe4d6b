import { GET } from '@/app/auth/wechat/route';
import { DESKTOP_UA, TEST_APP_ID, TEST_OAUTH_BASE, TEST_ORIGIN } from '../support/env';
import { request, setCookieLine, startAuthorization } from '../support/requests';

describe('GET /auth/wechat', () => {
  it('redirects a WeChat browser to the authorize page with the exact parameter order and #wechat_redirect', async () => {
    const { location, state } = await startAuthorization();
    expect(location.toString()).toBe(
      `${TEST_OAUTH_BASE}/connect/oauth2/authorize?appid=${TEST_APP_ID}` +
        `&redirect_uri=${encodeURIComponent(`${TEST_ORIGIN}/auth/wechat/callback`)}` +
        `&response_type=code&scope=snsapi_userinfo&state=${state}#wechat_redirect`,
    );
    expect(state).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('answers 302, never cached, with a short-lived HttpOnly state cookie scoped to /auth/wechat', async () => {
    const response = await GET(request('/auth/wechat?returnTo=%2Fprofile'));
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    const cookie = setCookieLine(response, 'wx_state') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\/auth\/wechat/);
    expect(cookie).toMatch(/Max-Age=600/);
    // An https origin: Secure, and SameSite=None so iOS WebKit sends it on WeChat's cross-site redirect back.
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=none/i);
  });

  it('uses snsapi_base when asked and falls back to the default for an unknown scope', async () => {
    expect((await startAuthorization('scope=snsapi_base')).location.searchParams.get('scope')).toBe('snsapi_base');
    expect((await startAuthorization('scope=snsapi_login')).location.searchParams.get('scope')).toBe('snsapi_userinfo');
  });

  it('gives every start a new state', async () => {
    const first = await startAuthorization();
    const second = await startAuthorization();
    expect(first.state).not.toBe(second.state);
  });

  it('outside WeChat answers 200 with a page that says to open it in WeChat and shows a QR code', async () => {
    const response = await GET(request('/auth/wechat?returnTo=%2Fprofile', { ua: DESKTOP_UA }));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('请在微信中打开');
    expect(html).toContain('<svg');
    expect(setCookieLine(response, 'wx_state')).toBeUndefined();
  });

  it('treats WeCom (wxwork), which also says MicroMessenger, as outside WeChat', async () => {
    const wecom = 'Mozilla/5.0 (iPhone) Mobile/15E148 wxwork/4.1.6 MicroMessenger/7.0.1 Language/zh';
    const response = await GET(request('/auth/wechat', { ua: wecom }));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('请在微信中打开');
  });
});
