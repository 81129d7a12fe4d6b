import { NextRequest } from 'next/server';
import { getPathMatch } from 'next/dist/shared/lib/router/utils/path-match';
import { modifyRouteRegex } from 'next/dist/lib/redirect-status';
import nextConfig from '@/next.config';
import { proxy, config } from '@/proxy';
import { PROXY_SKIPS, STATIC_PAGE_POLICY, securityHeaders } from '@/lib/http/headers';

const contentSecurityPolicy = (nonce: string, development: boolean) =>
  securityHeaders(nonce, development)['Content-Security-Policy'] as string;
// Every header a page carries but its nonce policy: the ones every response carries.
const { 'Content-Security-Policy': _policy, ...STATIC_SECURITY_HEADERS } = securityHeaders('n', false);

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name as string, values]),
  );
}

const run = (path: string) => proxy(new NextRequest(`https://wx.example.test${path}`));

describe('the Content-Security-Policy builder', () => {
  const prod = directives(contentSecurityPolicy('bm9uY2U=', false));

  it('lets scripts run only with this request’s nonce (and what they load, such as WeChat’s JS-SDK), never inline or eval in production', () => {
    expect(prod.get('script-src')).toEqual([
      "'self'",
      "'nonce-bm9uY2U='",
      "'strict-dynamic'",
      'https://res.wx.qq.com',
      'https://res2.wx.qq.com',
    ]);
    expect(prod.get('style-src')).toEqual(["'self'", "'nonce-bm9uY2U='"]);
    expect(contentSecurityPolicy('n', false)).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('forbids framing, plugins, base rewriting and posting forms elsewhere', () => {
    expect(prod.get('frame-ancestors')).toEqual(["'none'"]);
    expect(prod.get('object-src')).toEqual(["'none'"]);
    expect(prod.get('base-uri')).toEqual(["'none'"]);
    expect(prod.get('form-action')).toEqual(["'self'"]);
    expect(prod.get('default-src')).toEqual(["'self'"]);
  });

  it('allows images from this site and WeChat’s avatar hosts only', () => {
    expect(prod.get('img-src')).toEqual(["'self'", 'https://*.qlogo.cn', 'https://*.qpic.cn']);
  });

  it('adds unsafe-eval only in development, where React needs it', () => {
    expect(directives(contentSecurityPolicy('n', true)).get('script-src')).toContain("'unsafe-eval'");
  });

  it('gives the HTML of route handlers a policy without nonces: same-origin files only, no inline code', () => {
    const policy = directives(STATIC_PAGE_POLICY);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('sends nosniff, a referrer policy and X-Frame-Options with the pages’ policy', () => {
    expect(securityHeaders('n', false)).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
  });
});

describe('proxy()', () => {
  it('puts the CSP, nosniff and the referrer policy on the response', () => {
    const response = run('/');
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('hands Next the same nonce it puts in the policy, so Next can mark its own scripts', () => {
    const response = run('/');
    const nonce = response.headers.get('x-middleware-request-x-nonce');
    expect(nonce).toBeTruthy();
    expect(response.headers.get('content-security-policy')).toContain(`'nonce-${nonce}'`);
    expect(response.headers.get('x-middleware-request-content-security-policy')).toBe(
      response.headers.get('content-security-policy'),
    );
  });

  it('uses a fresh nonce for every request', () => {
    expect(run('/').headers.get('x-middleware-request-x-nonce')).not.toBe(
      run('/').headers.get('x-middleware-request-x-nonce'),
    );
  });

  it('marks the personal page private, no-store', () => {
    expect(run('/profile').headers.get('cache-control')).toMatch(/^private, no-store/);
    expect(run('/').headers.get('cache-control')).toBeNull();
  });

  it('runs for pages only: route handlers and static files never wait for it', () => {
    const source = new RegExp(`^${config.matcher[0]!.source}$`);
    for (const path of ['/', '/profile', '/auth', '/authx', '/api', '/no-such-page'])
      expect(source.test(path)).toBe(true);
    const skipped = [
      '/auth/wechat',
      '/auth/wechat/callback',
      '/auth/wechat/refresh',
      '/auth/wechat/relay',
      '/auth/logout',
      '/api/health',
      '/mock-wechat/x',
      '/mp-verify/abc',
      '/MP_verify_abc.txt',
      '/_next/static/chunks/a.js',
      '/styles/app.css',
      '/scripts/copy-link.js',
      '/icon.svg',
      '/share-icon.png',
    ];
    for (const path of skipped) expect({ path, proxied: source.test(path) }).toEqual({ path, proxied: false });
  });
});

describe('next.config headers(), for what the proxy does not see', () => {
  const UNPROXIED_PATHS = [
    '/auth/wechat',
    '/auth/wechat/callback',
    '/auth/wechat/refresh',
    '/auth/wechat/relay',
    '/auth/logout',
    '/auth/no-such-route',
    '/api/health',
    '/mock-wechat/x',
    '/mp-verify/abc',
    '/MP_verify_abc.txt',
    '/_next/static/nonexistent',
    '/_next/static/chunks/a.js',
    '/_next/image',
    '/styles/nope.css',
    '/scripts/copy-link.js',
    '/favicon.ico',
    '/icon.svg',
    '/share-icon.png',
  ];
  const PROXIED_PATHS = ['/', '/profile', '/auth', '/nope', '/stylesheet', '/_next/data/x.json'];
  const proxiedSource = new RegExp(`^${config.matcher[0]!.source}$`);
  const proxied = (path: string) => proxiedSource.test(path);
  // As Next's router matches a header rule's source (server/lib/router-utils/filesystem.js).
  const matches = (source: string, path: string) =>
    getPathMatch(source, {
      strict: true,
      removeUnnamedParams: true,
      regexModifier: (regex) => modifyRouteRegex(regex),
    })(path) !== false;

  /** The headers next.config gives a path. */
  async function configured(path: string): Promise<Record<string, string>> {
    const rules = (await nextConfig.headers?.()) ?? [];
    const matching = rules.filter((rule) => matches(rule.source, path));
    return Object.fromEntries(matching.flatMap((rule) => rule.headers.map(({ key, value }) => [key, value])));
  }

  it('sends nosniff, the referrer policy and the other static headers with every response, 404s of static paths included', async () => {
    for (const path of [...UNPROXIED_PATHS, ...PROXIED_PATHS]) {
      expect({ path, headers: await configured(path) }).toEqual({
        path,
        headers: expect.objectContaining(STATIC_SECURITY_HEADERS),
      });
    }
  });

  it('gives every path exactly one Content-Security-Policy: the nonce-free one on route handlers and static paths, the proxy’s on pages', async () => {
    for (const path of UNPROXIED_PATHS) {
      expect({ path, proxied: proxied(path), csp: (await configured(path))['Content-Security-Policy'] }).toEqual({
        path,
        proxied: false,
        csp: STATIC_PAGE_POLICY,
      });
    }
    for (const path of PROXIED_PATHS) {
      expect({ path, proxied: proxied(path), csp: (await configured(path))['Content-Security-Policy'] }).toEqual({
        path,
        proxied: true,
        csp: undefined,
      });
    }
  });

  it('leaves the proxy’s matcher skipping exactly the route handlers and static paths the config covers', () => {
    expect(config.matcher[0]!.source).toBe(`/((?!${PROXY_SKIPS}).*)`);
  });
});
