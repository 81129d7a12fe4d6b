// WeChat serves avatars from qlogo.cn (thirdwx., wx.) and, for older accounts, qpic.cn (WECHAT-PROTOCOL §6).
export const AVATAR_IMAGE_SOURCES = 'https://*.qlogo.cn https://*.qpic.cn';

const COMMON_DIRECTIVES = [
  "default-src 'self'",
  `img-src 'self' ${AVATAR_IMAGE_SOURCES}`,
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** For pages Next renders: its inline bootstrap scripts carry the per-request nonce. */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self'${development ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    ...COMMON_DIRECTIVES,
  ].join('; ');
}

/** For the HTML that route handlers write themselves: no inline code at all, only files from this origin. */
export const STATIC_PAGE_POLICY = ["script-src 'self'", "style-src 'self'", ...COMMON_DIRECTIVES].join('; ');

/** Route handlers (and the mock WeChat) answer HTML without React, so they get the policy that needs no nonce. */
export function isRouteHandlerPath(pathname: string): boolean {
  return /^\/(auth|mock-wechat)(\/|$)/.test(pathname);
}

export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

// WECHAT-PROTOCOL §11.3: WeChat's Android browser caches HTML hard; personal pages and redirects must not be stored.
export const NO_STORE = 'private, no-store, no-cache, must-revalidate, max-age=0';

/** Every header a response of this app carries, for the given path and nonce. */
export function securityHeaders(pathname: string, nonce: string, development: boolean): Record<string, string> {
  const csp = isRouteHandlerPath(pathname) ? STATIC_PAGE_POLICY : contentSecurityPolicy(nonce, development);
  return { 'Content-Security-Policy': csp, ...STATIC_SECURITY_HEADERS };
}

/**
 * The static files proxy.ts leaves alone (it must stay off their fast path), as alternatives of one regex.
 * proxy.ts's matcher must be a literal, so it repeats this list; a test keeps the two the same.
 */
export const STATIC_FILE_PATHS = '_next/static|_next/image|styles/|scripts/|favicon.ico|icon.svg';

interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
}

const asList = (headers: Readonly<Record<string, string>>) =>
  Object.entries(headers).map(([key, value]) => ({ key, value }));

/**
 * For next.config's headers(): the static headers on every response, and the nonce-free policy on the paths
 * the proxy skips, so their 404 pages are covered too. Proxied paths get their nonce policy from proxy.ts only.
 */
export function staticHeaderRules(): HeaderRule[] {
  return [
    { source: '/:path*', headers: asList(STATIC_SECURITY_HEADERS) },
    {
      source: `/:path((?:${STATIC_FILE_PATHS}).*)`,
      headers: asList({ 'Content-Security-Policy': STATIC_PAGE_POLICY }),
    },
  ];
}
