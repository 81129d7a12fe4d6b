// Pure, no server-only fence: next.config.ts and proxy.ts build the security headers with it.

// WECHAT-PROTOCOL §6: avatars come from qlogo.cn (thirdwx., wx.) and, for older accounts, qpic.cn.
const IMAGE_SOURCES = 'https://*.qlogo.cn https://*.qpic.cn';
// WECHAT-PROTOCOL §15.4: the JS-SDK's script and its fallback host.
const JS_SDK_SOURCES = 'https://res.wx.qq.com https://res2.wx.qq.com';

const COMMON_DIRECTIVES = [
  "default-src 'self'",
  `img-src 'self' ${IMAGE_SOURCES}`,
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** For pages Next renders: its inline bootstrap scripts carry the per-request nonce. */
function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' ${JS_SDK_SOURCES}${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self'${development ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    ...COMMON_DIRECTIVES,
  ].join('; ');
}

/** For the HTML that route handlers write themselves: no inline code at all. */
export const STATIC_PAGE_POLICY = ["script-src 'self'", "style-src 'self'", ...COMMON_DIRECTIVES].join('; ');

const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

// WECHAT-PROTOCOL §11.3: WeChat's Android browser caches HTML hard; personal pages and redirects must not be stored.
export const NO_STORE = 'private, no-store, no-cache, must-revalidate, max-age=0';

export function securityHeaders(nonce: string, development: boolean): Record<string, string> {
  return { 'Content-Security-Policy': contentSecurityPolicy(nonce, development), ...STATIC_SECURITY_HEADERS };
}

// What proxy.ts leaves alone: static files, and route handlers, which get their headers from next.config. Its
// matcher must be a literal; a test keeps the two equal.
export const PROXY_SKIPS =
  '_next/static|_next/image|styles/|scripts/|favicon.ico|icon.svg|share-icon.png|auth/|api/|mock-wechat/|mp-verify/|MP_verify_';

const asList = (headers: Readonly<Record<string, string>>) =>
  Object.entries(headers).map(([key, value]) => ({ key, value }));

export function staticHeaderRules() {
  return [
    { source: '/:path*', headers: asList(STATIC_SECURITY_HEADERS) },
    { source: `/:path((?:${PROXY_SKIPS}).*)`, headers: asList({ 'Content-Security-Policy': STATIC_PAGE_POLICY }) },
  ];
}
