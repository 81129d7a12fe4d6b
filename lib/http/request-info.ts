import 'server-only';
import type { Env } from '@/lib/env';

/** WeCom (企业微信) also says MicroMessenger, but is a different OAuth: check wxwork first (WECHAT-PROTOCOL §11.1). */
export function isWeChatBrowser(userAgent: string | null): boolean {
  if (!userAgent) return false;
  if (/wxwork/i.test(userAgent)) return false;
  return /MicroMessenger/i.test(userAgent);
}

/** A phone's or tablet's browser, by the markers their User-Agents carry. */
export function isPhoneBrowser(userAgent: string | null): boolean {
  return /Mobile|Android|iPhone|iPad|iPod|HarmonyOS/i.test(userAgent ?? '');
}

function firstHeaderValue(value: string | null): string | null {
  const first = value?.split(',')[0]?.trim();
  return first ? first : null;
}

/**
 * The public origin: APP_BASE_URL when configured; otherwise the Host / X-Forwarded-* headers, since
 * under `next start` request.nextUrl.origin does not follow the Host header (TOOLCHAIN.md).
 */
export function resolveOrigin(request: Request, env: Pick<Env, 'appBaseUrl'>): string {
  if (env.appBaseUrl) return env.appBaseUrl;
  const url = new URL(request.url);
  const host = firstHeaderValue(request.headers.get('x-forwarded-host')) ?? request.headers.get('host') ?? url.host;
  const proto = firstHeaderValue(request.headers.get('x-forwarded-proto')) ?? url.protocol.replace(':', '');
  const safeHost = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host) ? host : url.host;
  const safeProto = proto === 'https' ? 'https' : 'http';
  return `${safeProto}://${safeHost}`;
}

export function isSecureOrigin(origin: string): boolean {
  return origin.startsWith('https://');
}

/**
 * Whether a form POST came from this site's own pages. Sec-Fetch-Site is the browser's word for it.
 * Browsers without it (iOS before 16.4) fall back to Origin, which must then also accept "null" and a
 * missing Origin: our `Referrer-Policy: no-referrer` makes the browser send `Origin: null` even for our
 * own forms. A cross-site page can send `Origin: null` too, so only those old browsers remain open to
 * a forged logout — which costs the user one more tap through authorization, nothing else.
 */
export function isSameOriginPost(request: Request, origin: string): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' || site === 'none';
  const requestOrigin = request.headers.get('origin');
  return requestOrigin === null || requestOrigin === 'null' || requestOrigin === origin;
}

/** What every answer of a route handler needs to know about where it is served. */
export interface RequestSite {
  origin: string;
  /** https: cookies get `Secure` (and the state cookie `SameSite=None`). */
  secure: boolean;
  /** The built-in mock WeChat is on: pages carry the mock banner. */
  mock: boolean;
}

export function requestSite(request: Request, env: Pick<Env, 'appBaseUrl' | 'mode'>): RequestSite {
  const origin = resolveOrigin(request, env);
  return { origin, secure: isSecureOrigin(origin), mock: env.mode === 'mock' };
}
