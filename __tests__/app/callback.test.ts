import { http } from 'msw';
import { GET as callback } from '@/app/auth/wechat/callback/route';
import { unsealSession } from '@/lib/session/session';
import { setupFakeWeChat } from '../support/fake-wechat-server';
import { TEST_API_BASE, TEST_ORIGIN, TEST_SESSION_SECRET } from '../support/env';
import { request, setCookieLine, setCookieValue, startAuthorization } from '../support/requests';

const { fake, server } = setupFakeWeChat();

async function signIn(
  persona: Parameters<ReturnType<typeof fake>['issueCode']>[0] = 'full',
  scope: 'snsapi_base' | 'snsapi_userinfo' = 'snsapi_userinfo',
) {
  const { state, stateCookie } = await startAuthorization();
  const code = fake().issueCode(persona, scope);
  const url = `/auth/wechat/callback?code=${code}&state=${state}`;
  const response = await callback(request(url, { cookie: stateCookie }));
  return { response, url, stateCookie, code, state };
}

function recordWeChatCalls(): string[] {
  const calls: string[] = [];
  server.events.on('request:start', ({ request: r }) => calls.push(new URL(r.url).pathname));
  return calls;
}

afterEach(() => server.events.removeAllListeners());

describe('GET /auth/wechat/callback', () => {
  it('exchanges the code, fetches the profile and 303s to returnTo with a sealed session', async () => {
    const { response } = await signIn('full');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${TEST_ORIGIN}/profile`);
    const session = await unsealSession(setCookieValue(response, 'wx_session'), TEST_SESSION_SECRET);
    expect(session).toMatchObject({
      openid: 'oMockFullProfile000000000001',
      scope: 'snsapi_userinfo',
      snapshot: false,
    });
    expect(session?.profile?.nickname).toBe('张小明');
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 1, 'sns/userinfo': 1 });
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, Secure on https, and clears the state cookie', async () => {
    const { response } = await signIn();
    const session = setCookieLine(response, 'wx_session') ?? '';
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=lax/i);
    expect(session).toMatch(/Path=\/(;|$)/);
    expect(session).toMatch(/Secure/i);
    expect(setCookieLine(response, 'wx_state')).toMatch(/Max-Age=0/);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
  });

  it('keeps the tokens and the profile out of the readable cookie', async () => {
    const { response } = await signIn();
    const value = setCookieValue(response, 'wx_session') ?? '';
    const decoded = value
      .split('.')
      .map((p) => Buffer.from(p, 'base64url').toString('latin1'))
      .join('');
    expect(decoded).not.toContain('oMockFullProfile');
    expect(decoded).not.toContain('86_');
  });

  it('makes one call for a snsapi_base sign-in and stores no profile', async () => {
    const { response } = await signIn('full', 'snsapi_base');
    expect(response.status).toBe(303);
    const session = await unsealSession(setCookieValue(response, 'wx_session'), TEST_SESSION_SECRET);
    expect(session).toMatchObject({ scope: 'snsapi_base', profile: null });
    expect(fake().calls()).toMatchObject({ 'sns/oauth2/access_token': 1, 'sns/userinfo': 0 });
  });

  it('marks a snapshot user’s session so nothing treats the virtual identity as real', async () => {
    const { response } = await signIn('snapshot');
    const session = await unsealSession(setCookieValue(response, 'wx_session'), TEST_SESSION_SECRET);
    expect(session?.snapshot).toBe(true);
    expect(session?.openid).not.toBe('oMockSnapshotVirtual00000003');
  });

  it('answers a forged state with a 400 page and never calls WeChat', async () => {
    const calls = recordWeChatCalls();
    const { stateCookie } = await startAuthorization();
    const response = await callback(
      request(`/auth/wechat/callback?code=${fake().issueCode()}&state=ForgedState123`, { cookie: stateCookie }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('重新授权');
    expect(calls).toEqual([]);
  });

  it('answers a state without its cookie (another browser: login CSRF) with 400 and never calls WeChat', async () => {
    const calls = recordWeChatCalls();
    const { state } = await startAuthorization();
    const response = await callback(request(`/auth/wechat/callback?code=${fake().issueCode()}&state=${state}`));
    expect(response.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it('answers a tampered state cookie with 400, not an exception', async () => {
    const { state, stateCookie } = await startAuthorization();
    const response = await callback(
      request(`/auth/wechat/callback?code=x&state=${state}`, { cookie: `${stateCookie.slice(0, -4)}AAAA` }),
    );
    expect(response.status).toBe(400);
  });

  it('sends a signed-in user who replays the callback URL straight on, without calling WeChat again', async () => {
    const { response, url } = await signIn();
    const sessionCookie = `wx_session=${setCookieValue(response, 'wx_session')}`;
    const before = fake().calls()['sns/oauth2/access_token'];
    const replay = await callback(request(url, { cookie: sessionCookie }));
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe(`${TEST_ORIGIN}/profile`);
    expect(fake().calls()['sns/oauth2/access_token']).toBe(before);
  });

  it('answers a replayed callback with no session with 400 and a way to start over', async () => {
    const { url } = await signIn();
    const replay = await callback(request(url));
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('/auth/wechat?');
  });

  it('lets a doubled callback (WeChat calling twice) end on the profile for a browser that already has the session', async () => {
    const first = await signIn();
    const sessionCookie = `wx_session=${setCookieValue(first.response, 'wx_session')}`;
    const second = await callback(request(first.url, { cookie: `${first.stateCookie}; ${sessionCookie}` }));
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe(`${TEST_ORIGIN}/profile`);
  });

  it('restarts silently once through /auth/wechat when the code is already used (40163)', async () => {
    const { state, stateCookie } = await startAuthorization();
    const code = fake().issueCode();
    await fake().handle(
      new Request(
        `${TEST_API_BASE}/sns/oauth2/access_token?appid=wx0000000000test01&secret=test-secret-0123456789abcdef&code=${code}&grant_type=authorization_code`,
      ),
    );
    const response = await callback(
      request(`/auth/wechat/callback?code=${code}&state=${state}`, { cookie: stateCookie }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(
      `${TEST_ORIGIN}/auth/wechat?scope=snsapi_userinfo&returnTo=%2Fprofile&restarted=1`,
    );
  });

  it('shows a 400 page instead of restarting a second time, so a bad code never loops', async () => {
    const { state, stateCookie } = await startAuthorization('returnTo=%2Fprofile&restarted=1');
    const response = await callback(
      request(`/auth/wechat/callback?code=NoSuchCode&state=${state}`, { cookie: stateCookie }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('重新授权');
  });

  it('answers a refusal (state, no code) with a page that explains and offers 重新授权', async () => {
    const { state, stateCookie } = await startAuthorization();
    const response = await callback(request(`/auth/wechat/callback?state=${state}`, { cookie: stateCookie }));
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain('没有授权');
    expect(html).toContain('重新授权');
  });

  it('answers WeChat busy with a 502 page with a retry button', async () => {
    server.use(
      http.get(
        `${TEST_API_BASE}/sns/oauth2/access_token`,
        () => new Response('{"errcode":-1,"errmsg":"system error"}', { headers: { 'content-type': 'text/plain' } }),
      ),
    );
    const { state, stateCookie } = await startAuthorization();
    const response = await callback(request(`/auth/wechat/callback?code=abc&state=${state}`, { cookie: stateCookie }));
    expect(response.status).toBe(502);
    expect(await response.text()).toContain('重试');
  });

  it('answers a wrong AppSecret with a plain 500 apology that never shows the secret', async () => {
    server.use(
      http.get(
        `${TEST_API_BASE}/sns/oauth2/access_token`,
        () =>
          new Response('{"errcode":40125,"errmsg":"invalid appsecret"}', { headers: { 'content-type': 'text/plain' } }),
      ),
    );
    const { state, stateCookie } = await startAuthorization();
    const response = await callback(request(`/auth/wechat/callback?code=abc&state=${state}`, { cookie: stateCookie }));
    expect(response.status).toBe(500);
    const html = await response.text();
    expect(html).toContain('抱歉');
    expect(html).not.toContain('test-secret-0123456789abcdef');
    expect(html).not.toContain('40125');
  });
});
