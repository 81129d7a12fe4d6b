// WeChat serves avatars from qlogo.cn (thirdwx., wx.) and, for older accounts, qpic.cn (WECHAT-PROTOCOL §6).
export const AVATAR_IMAGE_SOURCES = 'https://*.qlogo.cn https://*.qpic.cn';

// WECHAT-PROTOCOL §15.4: the JS-SDK's script and its fallback host (the share card on /profile, in WeChat only).
export const JS_SDK_SCRIPT_SOURCES = 'https://res.wx.qq.com https://res2.wx.qq.com';

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
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' ${JS_SDK_SCRIPT_SOURCES}${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self'${development ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    ...COMMON_DIRECTIVES,
  ].join('; ');
}

/** For the HTML that route handlers write themselves: no inline code at all, only files from this origin. */
export const STATIC_PAGE_POLICY = ["script-src 'self'", "style-src 'self'", ...COMMON_DIRECTIVES].join('; ');

export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

// WECHAT-PROTOCOL §11.3: WeChat's Android browser caches HTML hard; personal pages and redirects must not be stored.
export const NO_STORE = 'private, no-store, no-cache, must-revalidate, max-age=0';

/** Every header a page of this app carries (proxy.ts), for the request's nonce. */
export function securityHeaders(nonce: string, development: boolean): Record<string, string> {
  return { 'Content-Security-Policy': contentSecurityPolicy(nonce, development), ...STATIC_SECURITY_HEADERS };
}

/** The static files, as alternatives of one regex. */
export const STATIC_FILE_PATHS = '_next/static|_next/image|styles/|scripts/|favicon.ico|icon.svg|share-icon.png';

/**
 * The route handlers: they write their own HTML (no inline code, so no nonce), set `no-store` on what they answer,
 * and get the rest from next.config's headers(), so no request of theirs waits for the proxy.
 */
export const ROUTE_HANDLER_PATHS = 'auth/|api/|mock-wechat/|mp-verify/|MP_verify_';

/** What proxy.ts leaves alone. Its matcher must be a literal, so it repeats this list; a test keeps the two the same. */
export const PROXY_SKIPS = `${STATIC_FILE_PATHS}|${ROUTE_HANDLER_PATHS}`;

interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
}

const asList = (headers: Readonly<Record<string, string>>) =>
  Object.entries(headers).map(([key, value]) => ({ key, value }));

/**
 * For next.config's headers(): the static headers on every response, and the nonce-free policy on the paths
 * the proxy skips (static files and route handlers, their 404s included). Pages get their nonce policy from
 * proxy.ts only.
 */
export function staticHeaderRules(): HeaderRule[] {
  return [
    { source: '/:path*', headers: asList(STATIC_SECURITY_HEADERS) },
    {
      source: `/:path((?:${PROXY_SKIPS}).*)`,
      headers: asList({ 'Content-Security-Policy': STATIC_PAGE_POLICY }),
    },
  ];
}
