/** GET /auth/wechat/qr: starts a website-app (QR) sign-in (CONTRACT's routes table, WECHAT-PROTOCOL §17). */
import { GET as startQr } from '@/app/auth/wechat/qr/route';
import { GET as startAuth } from '@/app/auth/wechat/route';
import { verifyState } from '@/lib/session/state';
import {
  DESKTOP_UA,
  TEST_OAUTH_BASE,
  TEST_OPEN_APP,
  TEST_ORIGIN,
  TEST_RELAY_ORIGIN,
  TEST_SESSION_SECRET,
} from '../../../../support/env';
import { loadWithEnv } from '../../../../support/isolated';
import { hrefs } from '../../../../support/matchers';
import { request, setCookieLine, setCookieValue, startQrSignIn } from '../../../../support/requests';

const payloadOf = ({ state, stateCookie }: { state: string; stateCookie: string }) =>
  verifyState(stateCookie.slice('wx_state='.length), state, TEST_SESSION_SECRET);

describe('GET /auth/wechat/qr with WECHAT_OPEN_APPID set', () => {
  it('redirects to the QR page with the website app’s AppID, WeChat’s parameter order, snsapi_login and #wechat_redirect', async () => {
    const { location, state } = await startQrSignIn();
    expect(location.toString()).toBe(
      `${TEST_OAUTH_BASE}/connect/qrconnect?appid=${TEST_OPEN_APP.appId}` +
        `&redirect_uri=${encodeURIComponent(`${TEST_ORIGIN}/auth/wechat/callback`)}` +
        `&response_type=code&scope=snsapi_login&state=${state}#wechat_redirect`,
    );
    expect(state).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('answers 302, never cached, with the state cookie /auth/wechat sets: the same name, path, lifetime and flags', async () => {
    const attributes = (response: Response) => (setCookieLine(response, 'wx_state') ?? '').split(';').slice(1);
    const response = await startQr(request('/auth/wechat/qr?returnTo=%2Fprofile', { ua: DESKTOP_UA }));
    expect(response.status).toBe(302);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    expect(attributes(response)).toContain(' HttpOnly');
    expect(attributes(response)).toEqual(attributes(await startAuth(request('/auth/wechat?returnTo=%2Fprofile'))));
  });

  it('records in the sealed state that the website app started the sign-in, with returnTo and the hop count', async () => {
    const started = await startQrSignIn('returnTo=%2Fa%3Fb%3D1&hop=1');
    expect(await payloadOf(started)).toMatchObject({ app: 'open', returnTo: '/a?b=1', hop: 1 });
    expect(started.location.toString()).not.toMatch(/hop|returnTo/);
  });

  it('gives every start a new state', async () => {
    expect((await startQrSignIn()).state).not.toBe((await startQrSignIn()).state);
  });

  it('ignores a scope in the link: the website app has snsapi_login only', async () => {
    const { location } = await startQrSignIn('scope=snsapi_base&returnTo=%2Fprofile');
    expect(location.searchParams.get('scope')).toBe('snsapi_login');
  });

  it('never adds the service account’s optional authorize parameters to the QR page', async () => {
    const { location } = await startQrSignIn();
    expect(location.toString()).not.toMatch(/forcePopup|forceSnapShot|connect_redirect/);
  });

  it('keeps a returnTo that leaves the site or leads back into /auth out of the state: it becomes /profile', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example', '/\\evil.example', '/auth/wechat/qr', '']) {
      const payload = await payloadOf(await startQrSignIn(`returnTo=${encodeURIComponent(returnTo)}`));
      expect({ returnTo, kept: payload?.returnTo }).toEqual({ returnTo, kept: '/profile' });
    }
  });

  it('sends as redirect_uri the relay link on a deployment with WECHAT_AUTH_RELAY_URL, like /auth/wechat', async () => {
    const relayed = await loadWithEnv(
      { WECHAT_AUTH_RELAY_URL: TEST_RELAY_ORIGIN, WECHAT_RELAY_SECRET: 'r'.repeat(32) },
      () => import('@/app/auth/wechat/qr/route'),
    );
    const response = await relayed.GET(request('/auth/wechat/qr', { ua: DESKTOP_UA }));
    const redirectUri = new URL(response.headers.get('location') ?? '').searchParams.get('redirect_uri') ?? '';
    expect(redirectUri.startsWith(`${TEST_RELAY_ORIGIN}/auth/wechat/relay?to=`)).toBe(true);
  });
});

describe('GET /auth/wechat/qr: input no link of the app has, refused before any work', () => {
  it.each([
    ['a repeated returnTo', 'returnTo=%2Fprofile&returnTo=%2Fother'],
    ['a hop that is not one digit', 'returnTo=%2Fprofile&hop=12'],
    ['a hop that is not a number', 'returnTo=%2Fprofile&hop=x'],
  ])('%s → 400 page whose way to start over is the QR sign-in, and no state cookie', async (_name, query) => {
    const response = await startQr(request(`/auth/wechat/qr?${query}`, { ua: DESKTOP_UA }));
    expect(response.status).toBe(400);
    expect(setCookieValue(response, 'wx_state')).toBeUndefined();
    expect(hrefs(await response.text())).toContain('/auth/wechat/qr?returnTo=%2Fprofile');
  });

  it('an oversized query or cookie header → 431 page', async () => {
    expect((await startQr(request(`/auth/wechat/qr?returnTo=%2F${'a'.repeat(3000)}`))).status).toBe(431);
    expect((await startQr(request('/auth/wechat/qr', { cookie: `x=${'y'.repeat(9000)}` }))).status).toBe(431);
  });
});

describe('GET /auth/wechat/qr without a website app', () => {
  const startWithout = async (query: string) => {
    const route = await loadWithEnv(
      { WECHAT_OPEN_APPID: '', WECHAT_OPEN_APPSECRET: '' },
      () => import('@/app/auth/wechat/qr/route'),
    );
    return route.GET(request(`/auth/wechat/qr?${query}`, { ua: DESKTOP_UA }));
  };

  it('answers the app’s 404 page and sets no state cookie', async () => {
    const response = await startWithout('returnTo=%2Fprofile');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('页面不存在');
    expect(setCookieValue(response, 'wx_state')).toBeUndefined();
  });

  it('answers 404 even to a query the sign-in routes would refuse: the route does not exist', async () => {
    expect((await startWithout('returnTo=a&returnTo=b')).status).toBe(404);
  });
});

describe('GET /auth/wechat/qr in mock mode', () => {
  it('redirects to the mock’s own QR page with the mock website app’s AppID, so `npm run dev` offers it', async () => {
    const route = await loadWithEnv(
      { WECHAT_MOCK: '1', WECHAT_OPEN_APPID: '', WECHAT_OPEN_APPSECRET: '' },
      () => import('@/app/auth/wechat/qr/route'),
    );
    const response = await route.GET(request('/auth/wechat/qr', { ua: DESKTOP_UA }));
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${TEST_ORIGIN}/mock-wechat/connect/qrconnect`);
    expect(location.searchParams.get('appid')).toBe('wxmockopen00000001');
  });
});
