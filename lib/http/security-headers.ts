export const AVATAR_IMAGE_SOURCES = 'https://thirdwx.qlogo.cn https://wx.qlogo.cn';

/** The policy for every response; Next's own inline scripts carry the per-request nonce. */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self'${development ? " 'unsafe-inline'" : ` 'nonce-${nonce}'`}`,
    `img-src 'self' data: ${AVATAR_IMAGE_SOURCES}`,
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

// WECHAT-PROTOCOL §11.3: WeChat's Android browser caches HTML hard; personal pages and redirects must not be stored.
export const NO_STORE = 'private, no-store, no-cache, must-revalidate, max-age=0';
