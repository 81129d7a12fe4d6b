import 'server-only';
import { SESSION_COOKIE, STATE_COOKIE } from '@/lib/session/cookies';

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
