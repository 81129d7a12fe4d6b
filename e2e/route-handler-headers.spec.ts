import { expect, test, type APIResponse } from '@playwright/test';

/** Route handlers run without proxy.ts: their security headers come from next.config and the handlers themselves. */
const ANSWERS: Record<string, { path: string; status: number; init?: { method?: string } }> = {
  'the redirect to WeChat': { path: '/auth/wechat?returnTo=%2Fprofile', status: 302 },
  'the callback’s 400 page for a missing state': { path: '/auth/wechat/callback?code=abc', status: 400 },
  'the refresh route’s redirect without a session': { path: '/auth/wechat/refresh?returnTo=%2Fprofile', status: 302 },
  'the logout’s 303': { path: '/auth/logout', status: 303, init: { method: 'POST' } },
  'the health check’s JSON': { path: '/api/health', status: 200 },
  'an unknown MP_verify file': { path: '/MP_verify_unknown.txt', status: 404 },
  'the mock consent sheet': {
    path: '/mock-wechat/connect/oauth2/authorize?appid=wxmock0000000000001&redirect_uri=http%3A%2F%2Flocalhost%2Fauth%2Fwechat%2Fcallback&response_type=code&scope=snsapi_userinfo&state=abcdefgh',
    status: 200,
  },
};

function expectSecurityHeaders(response: APIResponse): void {
  const headers = response.headers();
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['content-security-policy']).not.toContain('nonce-');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

for (const [name, { path, status, init }] of Object.entries(ANSWERS)) {
  test(`${name} carries the nonce-free CSP, nosniff and the referrer policy`, async ({ request }) => {
    const response = await request.fetch(path, { method: init?.method ?? 'GET', maxRedirects: 0 });
    expect(response.status()).toBe(status);
    expectSecurityHeaders(response);
    if (status >= 300 && status < 400) expect(response.headers()['cache-control']).toContain('no-store');
  });
}
