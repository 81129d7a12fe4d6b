/** GET /auth/wechat: starts authorization (CONTRACT's routes table), and the input it refuses. */
import { GET as start } from '@/app/auth/wechat/route';
import { verifyRelayTarget } from '@/lib/auth/relay';
import { verifyState } from '@/lib/session/state';
import {
  DESKTOP_UA,
  TEST_APP_ID,
  TEST_OAUTH_BASE,
  TEST_ORIGIN,
  TEST_RELAY_ORIGIN,
  TEST_RELAY_SECRET,
  TEST_SESSION_SECRET,
} from '../../../support/env';
import { loadWithEnv } from '../../../support/isolated';
import { hrefs } from '../../../support/matchers';
import { loadPreviewStart } from '../../../support/relay';
import { request, setCookieLine, setCookieValue, startAuthorization } from '../../../support/requests';

describe('GET /auth/wechat in WeChat’s browser', () => {
  it('redirects to the authorize page with the exact parameter order and #wechat_redirect', async () => {
    const { location, state } = await startAuthorization();
    expect(location.toString()).toBe(
      `${TEST_OAUTH_BASE}/connect/oauth2/authorize?appid=${TEST_APP_ID}` +
        `&redirect_uri=${encodeURIComponent(`${TEST_ORIGIN}/auth/wechat/callback`)}` +
        `&response_type=code&scope=snsapi_userinfo&state=${state}#wechat_redirect`,
    );
    expect(state).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('answers 302, never cached, with a short-lived HttpOnly state cookie scoped to /auth/wechat', async () => {
    const response = await start(request('/auth/wechat?returnTo=%2Fprofile'));
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

  it('seals returnTo, scope and the hop count into the state cookie, never into the authorize URL', async () => {
    const { state, stateCookie, location } = await startAuthorization('scope=snsapi_base&returnTo=%2Fa%3Fb%3D1&hop=2');
    const payload = await verifyState(stateCookie.slice('wx_state='.length), state, TEST_SESSION_SECRET);
    expect(payload).toMatchObject({ returnTo: '/a?b=1', scope: 'snsapi_base', hop: 2 });
    expect(location.toString()).not.toMatch(/hop|returnTo/);
  });

  it('keeps a returnTo that leaves the site or leads back into /auth out of the state: it becomes /profile', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example', '/auth/wechat/callback', '']) {
      const { state, stateCookie } = await startAuthorization(`returnTo=${encodeURIComponent(returnTo)}`);
      const payload = await verifyState(stateCookie.slice('wx_state='.length), state, TEST_SESSION_SECRET);
      expect({ returnTo, kept: payload?.returnTo }).toEqual({ returnTo, kept: '/profile' });
    }
  });
});

describe('GET /auth/wechat on a deployment with WECHAT_AUTH_RELAY_URL (a preview whose host WeChat does not know)', () => {
  async function startOnPreview() {
    const response = await (await loadPreviewStart())(request('/auth/wechat?returnTo=%2Fprofile'));
    const location = new URL(response.headers.get('location') ?? '');
    return { response, location, redirectUri: location.searchParams.get('redirect_uri') ?? '' };
  }

  it('sends as redirect_uri a link to the relay naming this origin, in the same authorize URL otherwise', async () => {
    const { location, redirectUri } = await startOnPreview();
    const link = new URL(redirectUri);
    expect(`${link.origin}${link.pathname}`).toBe(`${TEST_RELAY_ORIGIN}/auth/wechat/relay`);
    expect([...link.searchParams.keys()]).toEqual(['to', 'sig']);
    expect(link.searchParams.get('to')).toBe(TEST_ORIGIN);
    const state = location.searchParams.get('state') ?? '';
    expect(location.toString()).toBe(
      `${TEST_OAUTH_BASE}/connect/oauth2/authorize?appid=${TEST_APP_ID}&redirect_uri=${encodeURIComponent(redirectUri)}` +
        `&response_type=code&scope=snsapi_userinfo&state=${state}#wechat_redirect`,
    );
  });

  it('signs the link with WECHAT_RELAY_SECRET: it verifies for this origin, and for no other origin or secret', async () => {
    const link = new URL((await startOnPreview()).redirectUri);
    const sig = link.searchParams.get('sig') ?? '';
    expect(verifyRelayTarget(TEST_ORIGIN, sig, TEST_RELAY_SECRET)).toBe(true);
    expect(verifyRelayTarget('https://evil.example', sig, TEST_RELAY_SECRET)).toBe(false);
    expect(verifyRelayTarget(TEST_ORIGIN, sig, TEST_SESSION_SECRET)).toBe(false);
  });

  it('keeps the state rules: 32 letters and digits in the authorize URL, sealed in this deployment’s own state cookie', async () => {
    const { response, location } = await startOnPreview();
    const state = location.searchParams.get('state') ?? '';
    expect(state).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(setCookieLine(response, 'wx_state')).toMatch(/Path=\/auth\/wechat/);
    const payload = await verifyState(setCookieValue(response, 'wx_state'), state, TEST_SESSION_SECRET);
    expect(payload).toMatchObject({ returnTo: '/profile', state });
    expect(location.searchParams.get('redirect_uri')).not.toContain(state);
  });

  it('keeps redirect_uri short: under 200 characters even for the longest preview host Vercel makes', async () => {
    // Vercel cuts a preview's host to a 63-character first label.
    const origin = `https://${'a'.repeat(58)}-acme.vercel.app`;
    const start = await loadWithEnv(
      { APP_BASE_URL: origin, WECHAT_AUTH_RELAY_URL: 'https://wx.example.com', WECHAT_RELAY_SECRET: TEST_RELAY_SECRET },
      () => import('@/app/auth/wechat/route'),
    );
    const response = await start.GET(request('/auth/wechat'));
    const redirectUri = new URL(response.headers.get('location') ?? '').searchParams.get('redirect_uri') ?? '';
    expect(new URL(redirectUri).searchParams.get('to')).toBe(origin);
    expect(redirectUri.length).toBeLessThan(200);
  });
});

describe('GET /auth/wechat outside WeChat’s browser', () => {
  it('answers 200 with a page that says to open it in WeChat and shows a QR code, and sets no state', async () => {
    const response = await start(request('/auth/wechat?returnTo=%2Fprofile', { ua: DESKTOP_UA }));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('请在微信中打开');
    expect(html).toContain('<svg');
    expect(setCookieLine(response, 'wx_state')).toBeUndefined();
  });

  // WECHAT-PROTOCOL §3: opened from a chat, a link that asks for snsapi_userinfo as it opens gets the snapshot page.
  it('puts the landing page in the QR code and the field, never this sign-in link, nor whatever else the query held', async () => {
    const response = await start(
      request('/auth/wechat?scope=snsapi_base&returnTo=%2F%2Fevil.example&hop=2&utm=x', { ua: DESKTOP_UA }),
    );
    const html = await response.text();
    expect(html).toContain(`id="page-url" readonly value="${TEST_ORIGIN}/"`);
    expect(html).not.toMatch(/evil|utm|hop=|scope=/);
  });

  it('carries a returnTo other than /profile to the landing page, whose button starts the sign-in there', async () => {
    const html = await (await start(request('/auth/wechat?returnTo=%2Fa%3Fb%3D1', { ua: DESKTOP_UA }))).text();
    expect(html).toContain(`id="page-url" readonly value="${TEST_ORIGIN}/?returnTo=%2Fa%3Fb%3D1"`);
  });

  it('offers 微信扫码登录 to the same returnTo, as the way forward on a desktop', async () => {
    const html = await (await start(request('/auth/wechat?returnTo=%2Fa', { ua: DESKTOP_UA }))).text();
    expect(html).toContain(
      '<a class="weui-btn weui-btn_primary" href="/auth/wechat/qr?returnTo=%2Fa">微信扫码登录</a>',
    );
    expect(html.indexOf('本页链接的二维码')).toBeLessThan(html.indexOf('微信扫码登录'));
  });

  it('keeps opening in WeChat first in a phone browser, with 微信扫码登录 as a second choice', async () => {
    const phone =
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Mobile Safari/537.36';
    const html = await (await start(request('/auth/wechat', { ua: phone }))).text();
    expect(html).toContain(
      '<a class="weui-btn weui-btn_default" href="/auth/wechat/qr?returnTo=%2Fprofile">微信扫码登录</a>',
    );
    expect(html.indexOf('请在微信中打开此页面')).toBeLessThan(html.indexOf('微信扫码登录'));
  });

  it('offers no 微信扫码登录 without a website app', async () => {
    const route = await loadWithEnv(
      { WECHAT_OPEN_APPID: '', WECHAT_OPEN_APPSECRET: '' },
      () => import('@/app/auth/wechat/route'),
    );
    const html = await (await route.GET(request('/auth/wechat', { ua: DESKTOP_UA }))).text();
    expect(html).toContain('请在微信中打开此页面');
    expect(html).not.toContain('微信扫码登录');
  });

  it('treats WeCom (wxwork), which also says MicroMessenger, as outside WeChat', async () => {
    const wecom = 'Mozilla/5.0 (iPhone) Mobile/15E148 wxwork/4.1.6 MicroMessenger/7.0.1 Language/zh';
    const response = await start(request('/auth/wechat', { ua: wecom }));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('请在微信中打开');
  });
});

describe('input no link of the app has: refused before any work', () => {
  it.each([
    ['a repeated returnTo', 'returnTo=%2Fprofile&returnTo=%2Fother'],
    ['a repeated scope', 'scope=snsapi_base&scope=snsapi_userinfo'],
    ['a hop that is not one digit', 'returnTo=%2Fprofile&hop=12'],
    ['a hop that is not a number', 'returnTo=%2Fprofile&hop=x'],
  ])('%s → 400 page with a way to start over, and no state cookie', async (_name, query) => {
    const response = await start(request(`/auth/wechat?${query}`));
    expect(response.status).toBe(400);
    expect(hrefs(await response.text())).toContain('/auth/wechat?returnTo=%2Fprofile');
    expect(setCookieValue(response, 'wx_state')).toBeUndefined();
  });

  it('an oversized query or cookie header → 431 page', async () => {
    expect((await start(request(`/auth/wechat?returnTo=%2F${'a'.repeat(3000)}`))).status).toBe(431);
    expect((await start(request('/auth/wechat', { cookie: `x=${'y'.repeat(9000)}` }))).status).toBe(431);
  });
});
