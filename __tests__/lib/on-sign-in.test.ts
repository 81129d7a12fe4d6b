/** lib/on-sign-in.ts, the place an app saves its user: when the callback calls it, and what its failures do. */
import { GET as callback } from '@/app/auth/wechat/callback/route';
import { GET as refresh } from '@/app/auth/wechat/refresh/route';
import { RefuseSignIn, onSignIn } from '@/lib/on-sign-in';
import { unsealSession } from '@/lib/session/session';
import { PERSONAS, type Persona } from '@/mocks/wechat/personas';
import { createBrowser } from '../support/browser';
import { TEST_SESSION_SECRET } from '../support/env';
import { setupFakeWeChat } from '../support/fake-wechat-server';
import { hrefs } from '../support/matchers';
import { request, setCookieLine, setCookieValue, startAuthorization } from '../support/requests';
import { sessionCookie, sessionFor } from '../support/sessions';

jest.mock('@/lib/on-sign-in', () => ({
  ...jest.requireActual<typeof import('@/lib/on-sign-in')>('@/lib/on-sign-in'),
  onSignIn: jest.fn(),
}));
const hook = onSignIn as jest.MockedFunction<typeof onSignIn>;

const { fake } = setupFakeWeChat();
let logged: jest.SpyInstance;
beforeEach(() => {
  hook.mockReset();
  logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const persona = (id: Persona['id']) => PERSONAS.find((p) => p.id === id) as Persona;

async function callbackFor(id: Persona['id'], scope: 'snsapi_base' | 'snsapi_userinfo' = 'snsapi_userinfo') {
  const { state, stateCookie } = await startAuthorization();
  const code = fake().issueCode(id, scope);
  return callback(request(`/auth/wechat/callback?code=${code}&state=${state}`, { cookie: stateCookie }));
}

describe('onSignIn is called once per completed sign-in', () => {
  it('in WeChat: with the service account, the openid, the unionid and the profile', async () => {
    const browser = createBrowser(fake, 'full');
    await browser.visit('/auth/wechat?returnTo=%2Fprofile');
    expect(hook).toHaveBeenCalledTimes(1);
    expect(hook).toHaveBeenCalledWith({
      app: 'mp',
      openid: persona('full').openid,
      unionid: persona('full').unionid,
      profile: expect.objectContaining({ nickname: '张小明' }),
      snapshot: false,
    });
  });

  it('by a QR scan: with the website app, its own openid, and the same unionid that joins the two', async () => {
    const browser = createBrowser(fake, 'full');
    await browser.visit('/auth/wechat/qr?returnTo=%2Fprofile');
    expect(hook).toHaveBeenCalledTimes(1);
    expect(hook).toHaveBeenCalledWith(
      expect.objectContaining({ app: 'open', openid: persona('full').websiteOpenid, unionid: persona('full').unionid }),
    );
  });

  it('without unionid or profile when WeChat gave none (snsapi_base, a user of an unbound app)', async () => {
    await callbackFor('no-avatar', 'snsapi_base');
    expect(hook).toHaveBeenCalledWith({ app: 'mp', openid: persona('no-avatar').openid, snapshot: false });
  });

  it('not again when /profile is shown again, nor when the access token is renewed', async () => {
    const browser = createBrowser(fake, 'full');
    await browser.visit('/profile');
    await browser.visit('/profile');
    const session = await browser.session();
    const expired = await sessionCookie({ ...session!, accessTokenExpiresAt: 0 });
    expect((await refresh(request('/auth/wechat/refresh?returnTo=%2Fprofile', { cookie: expired }))).status).toBe(303);
    expect(hook).toHaveBeenCalledTimes(1);
  });

  it('never for a snapshot user, whose identity is virtual', async () => {
    const browser = createBrowser(fake, 'snapshot');
    const walk = await browser.visit('/profile');
    expect(walk.landing.kind).toBe('profile');
    expect((await browser.session())?.snapshot).toBe(true);
    expect(hook).not.toHaveBeenCalled();
  });

  it('never for a sign-in that failed', async () => {
    const warned = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { state, stateCookie } = await startAuthorization();
    await callback(request(`/auth/wechat/callback?state=${state}`, { cookie: stateCookie }));
    await callback(request(`/auth/wechat/callback?code=nosuchcode&state=${state}`, { cookie: stateCookie }));
    expect(hook).not.toHaveBeenCalled();
    expect(warned.mock.calls.map(([line]) => JSON.parse(String(line)) as { errcode?: number })).toMatchObject([
      { errcode: 40029 },
    ]);
  });
});

describe('when onSignIn fails', () => {
  it('logs the failure without the error’s message or any token, and keeps the session', async () => {
    hook.mockRejectedValue(new TypeError('db down; token 86_secretsecret'));
    const response = await callbackFor('full');
    expect(response).toLandOn('/profile');
    const session = await unsealSession(setCookieValue(response, 'wx_session'), TEST_SESSION_SECRET);
    expect(session).toMatchObject({ openid: 'oMockFullProfile000000000001', app: 'mp' });
    expect(logged.mock.calls).toEqual([
      [JSON.stringify({ event: 'on_sign_in_failed', app: 'mp', error: 'TypeError' })],
    ]);
  });

  it('shows the apology page instead, with no session, when it throws RefuseSignIn', async () => {
    hook.mockRejectedValue(new RefuseSignIn());
    const response = await callbackFor('full');
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('抱歉，暂时无法完成登录');
    expect(hrefs(html)).toContain('/');
    expect(setCookieValue(response, 'wx_session') ?? '').toBe('');
    expect(setCookieLine(response, 'wx_state')).toMatch(/Max-Age=0/);
    expect(logged).not.toHaveBeenCalled();
  });
  it('ends an earlier user’s session on this browser too, when it throws RefuseSignIn', async () => {
    const earlier = await sessionCookie(await sessionFor(fake(), 'post2021'));
    hook.mockRejectedValue(new RefuseSignIn());
    const { state, stateCookie } = await startAuthorization();
    const code = fake().issueCode('full', 'snsapi_userinfo');
    const response = await callback(
      request(`/auth/wechat/callback?code=${code}&state=${state}`, { cookie: `${stateCookie}; ${earlier}` }),
    );
    expect(response.status).toBe(403);
    expect(setCookieLine(response, 'wx_session')).toMatch(/Max-Age=0/);
  });

  it('refuses by the error’s name as well, so a RefuseSignIn from another copy of the module still refuses', async () => {
    class RefuseSignInElsewhere extends Error {
      override readonly name = 'RefuseSignIn';
    }
    hook.mockRejectedValue(new RefuseSignInElsewhere());
    const response = await callbackFor('full');
    expect(response.status).toBe(403);
    expect(setCookieValue(response, 'wx_session') ?? '').toBe('');
  });
});
