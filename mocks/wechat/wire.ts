import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const TOKEN_CHARS = `${ALNUM}-_`;

export function randomString(length: number, alphabet = ALNUM): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

export const newCode = (): string => randomString(32);
export const newToken = (): string => `86_${randomString(86, TOKEN_CHARS)}`;
export const newVirtualOpenid = (): string => `oSnap${randomString(23, TOKEN_CHARS)}`;

function rid(): string {
  const time = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${time}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}

// WECHAT-PROTOCOL §9: HTTP 200, Content-Type text/plain, raw UTF-8 and `\/`-escaped slashes.
export function wechatJson(body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body).replace(/\//g, '\\/'), {
    status: 200,
    headers: { 'content-type': 'text/plain' },
  });
}

export const ERRMSG: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40030: 'invalid refresh_token',
  40125: 'invalid appsecret',
  40097: 'invalid args',
  40163: 'code been used',
  40164: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  41009: 'missing openid',
  42001: 'access_token expired',
  42002: 'refresh_token expired',
  45009: 'reach max api daily quota limit',
  48001: 'api unauthorized',
};

export function wechatError(errcode: number): Response {
  return wechatJson({ errcode, errmsg: `${ERRMSG[errcode] ?? 'error'}, rid: ${rid()}` });
}

// Like WeChat's own, the mock's pages and redirects carry codes and state: no cache may keep them (WECHAT-PROTOCOL §11.3).
const NO_STORE = 'no-store';

export function htmlResponse(html: string, status = 200): Response {
  return new Response(html, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': NO_STORE },
  });
}

/** A redirect on to redirect_uri (Response.redirect's headers cannot take cache-control). */
export function redirectResponse(url: string, status: 302 | 303): Response {
  return new Response(null, { status, headers: { location: url, 'cache-control': NO_STORE } });
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Resolves after ms, or rejects as soon as the caller gives up (a fetch timeout aborts the request). */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
