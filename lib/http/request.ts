import 'server-only';
import { NextResponse } from 'next/server';
import type { Env } from '@/lib/env';
import { SESSION_COOKIE } from '@/lib/session/session';
import { STATE_COOKIE } from '@/lib/session/state';
import { NO_STORE } from './headers';

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

const MAX_QUERY_LENGTH = 2048;
const MAX_PARAMS = 32;
const MAX_COOKIE_HEADER_LENGTH = 8192;
const OUR_COOKIES = [SESSION_COOKIE, STATE_COOKIE];

/** What the guard refuses: too much input, or a parameter repeated or not of its shape. */
export type GuardProblem = 'oversized' | 'bad-request';

/** The parameters a route reads, each with the shape its value must have (null: any value, the route sanitizes it). */
export type QueryRules = Readonly<Record<string, RegExp | null>>;

function countCookie(header: string, name: string): number {
  return header.split(';').filter((pair) => pair.trim().startsWith(`${name}=`)).length;
}

/**
 * Oversized, repeated or malformed input is never a real WeChat redirect or a link of ours: refuse it
 * before doing any work, so nothing downstream has to guess which of two values was meant.
 */
export function checkRequest(request: Request, rules: QueryRules): GuardProblem | null {
  const url = new URL(request.url);
  const cookieHeader = request.headers.get('cookie') ?? '';
  if (url.search.length > MAX_QUERY_LENGTH || cookieHeader.length > MAX_COOKIE_HEADER_LENGTH) return 'oversized';
  const names = [...url.searchParams.keys()];
  if (names.length > MAX_PARAMS) return 'oversized';
  for (const [name, pattern] of Object.entries(rules)) {
    const values = url.searchParams.getAll(name);
    if (values.length > 1) return 'bad-request';
    if (pattern && values.length === 1 && !pattern.test(values[0] as string)) return 'bad-request';
  }
  // Two session or state cookies (another path, a sibling domain) would make "this browser's cookie" ambiguous.
  if (OUR_COOKIES.some((name) => countCookie(cookieHeader, name) > 1)) return 'bad-request';
  return null;
}
/** A redirect that no cache keeps: every auth redirect carries a one-time code, state or session change. */
export function redirectResponse(url: string, status: 302 | 303): NextResponse {
  const response = NextResponse.redirect(url, status);
  response.headers.set('cache-control', NO_STORE);
  return response;
}
