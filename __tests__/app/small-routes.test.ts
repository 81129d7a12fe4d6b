import { POST as logout } from '@/app/auth/logout/route';
import { GET as health } from '@/app/api/health/route';
import { GET as mpVerify } from '@/app/mp-verify/[token]/route';
import { TEST_APP_SECRET, TEST_ORIGIN, TEST_SESSION_SECRET } from '../support/env';
import { request, setCookieLine } from '../support/requests';

const verify = (token: string) => mpVerify(new Request(`${TEST_ORIGIN}/MP_verify_${token}.txt`), { params: Promise.resolve({ token }) });

describe('POST /auth/logout', () => {
  it('ends the session and 303s home', async () => {
    const response = await logout(request('/auth/logout', { method: 'POST', cookie: 'wx_session=abc', headers: { origin: TEST_ORIGIN } }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${TEST_ORIGIN}/`);
    expect(setCookieLine(response, 'wx_session')).toMatch(/Max-Age=0/);
  });

  it('ignores a logout posted from another site', async () => {
    const response = await logout(request('/auth/logout', { method: 'POST', cookie: 'wx_session=abc', headers: { origin: 'https://evil.example' } }));
    expect(response.status).toBe(303);
    expect(setCookieLine(response, 'wx_session')).toBeUndefined();
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
