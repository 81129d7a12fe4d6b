import { POST as logout } from '@/app/auth/logout/route';
import { GET as health } from '@/app/api/health/route';
import { GET as mpVerify } from '@/app/mp-verify/[token]/route';
import { TEST_APP_SECRET, TEST_ORIGIN, TEST_SESSION_SECRET } from '../support/env';
import { request, setCookieLine } from '../support/requests';

const verify = (token: string) =>
  mpVerify(new Request(`${TEST_ORIGIN}/MP_verify_${token}.txt`), { params: Promise.resolve({ token }) });

describe('POST /auth/logout', () => {
  const post = (headers: Record<string, string>) =>
    logout(request('/auth/logout', { method: 'POST', cookie: 'wx_session=abc', headers }));
  const expectSessionEnded = (response: Response) => {
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${TEST_ORIGIN}/`);
    expect(setCookieLine(response, 'wx_session')).toMatch(/Max-Age=0/);
  };
  const expectSessionKept = (response: Response) => {
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${TEST_ORIGIN}/`);
    expect(setCookieLine(response, 'wx_session')).toBeUndefined();
  };

  it('ends the session and 303s home', async () => {
    expectSessionEnded(await post({ origin: TEST_ORIGIN }));
  });

  // Our own form sends Origin: null, because the page's Referrer-Policy is no-referrer.
  it('ends the session when the browser says the form is this site’s own, even with Origin: null', async () => {
    expectSessionEnded(await post({ 'sec-fetch-site': 'same-origin', origin: 'null' }));
    expectSessionEnded(await post({ 'sec-fetch-site': 'none' }));
  });

  it.each(['cross-site', 'same-site'])(
    'keeps the session and 303s home when the browser says the form came from a %s page, whatever Origin says',
    async (site) => {
      expectSessionKept(await post({ 'sec-fetch-site': site, origin: 'null' }));
      expectSessionKept(await post({ 'sec-fetch-site': site }));
      expectSessionKept(await post({ 'sec-fetch-site': site, origin: TEST_ORIGIN }));
    },
  );

  it('without Sec-Fetch-Site (older browsers), ignores a logout whose Origin is another site', async () => {
    expectSessionKept(await post({ origin: 'https://evil.example' }));
    expectSessionKept(await post({ origin: 'https://wx.example.test.evil.example' }));
  });

  it('without Sec-Fetch-Site (older browsers), accepts Origin: null or none, as our own no-referrer form sends', async () => {
    expectSessionEnded(await post({ origin: 'null' }));
    expectSessionEnded(await post({}));
  });
});

describe('GET /api/health', () => {
  it('answers 200 JSON with status and mode, and nothing secret', async () => {
    const response = health();
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ status: 'ok', mode: 'wechat' });
    expect(text).not.toContain(TEST_APP_SECRET);
    expect(text).not.toContain(TEST_SESSION_SECRET);
  });
});

describe('GET /MP_verify_<token>.txt', () => {
  it('answers the configured token as text/plain', async () => {
    const response = await verify('AbCdEf0123456789');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe('AbCdEf0123456789');
  });

  it('answers 404 for any other token', async () => {
    expect((await verify('AbCdEf0123456780')).status).toBe(404);
    expect((await verify('')).status).toBe(404);
  });
});
