import 'server-only';
import { NextResponse } from 'next/server';
import { SESSION_COOKIE } from '@/lib/session/session';
import { STATE_COOKIE } from '@/lib/session/state';
import { NO_STORE } from './headers';

/** WeCom (企业微信) says MicroMessenger too, but is another OAuth: wxwork first (WECHAT-PROTOCOL §11.1). */
export function isWeChatBrowser(userAgent: string | null): boolean {
  if (!userAgent || isWeComBrowser(userAgent)) return false;
  return /MicroMessenger/i.test(userAgent);
}

export function isWeComBrowser(userAgent: string | null): boolean {
  return /wxwork/i.test(userAgent ?? '');
}

export function isPhoneBrowser(userAgent: string | null): boolean {
  return /Mobile|Android|iPhone|iPad|iPod|HarmonyOS/i.test(userAgent ?? '');
}

// Browsers without Sec-Fetch-Site (iOS < 16.4) send `Origin: null` for our forms (no-referrer): a forged logout
// costs the user one more tap, nothing else.
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

type GuardProblem = 'oversized' | 'bad-request';

/** The parameters a route reads and the shape of each (null: any, the route sanitizes it). */
type QueryRules = Readonly<Record<string, RegExp | null>>;

function countCookie(header: string, name: string): number {
  return header.split(';').filter((pair) => pair.trim().startsWith(`${name}=`)).length;
}

/** Oversized, repeated or malformed input is never a real WeChat redirect or a link of ours. */
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
/** 303 to a page of the app after a sign-in, the address bar left without the authorize URL's fragment. */
export function landOn(url: string): NextResponse {
  // WECHAT-PROTOCOL §1.2: a Location without a fragment keeps the #wechat_redirect the browser carries over; an empty
  // one ends it (Next's router then drops the lone '#' as the page hydrates).
  return redirectResponse(`${url}#`, 303);
}

export function redirectResponse(url: string, status: 302 | 303): NextResponse {
  const response = NextResponse.redirect(url, status);
  response.headers.set('cache-control', NO_STORE);
  return response;
}
