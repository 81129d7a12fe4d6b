import { NextRequest } from 'next/server';
import { GET as startQr } from '@/app/auth/wechat/qr/route';
import { GET as startAuth } from '@/app/auth/wechat/route';
import { DESKTOP_UA, TEST_ORIGIN, WECHAT_UA } from './env';

export function request(
  path: string,
  {
    cookie,
    ua = WECHAT_UA,
    method = 'GET',
    headers = {},
  }: { cookie?: string; ua?: string; method?: string; headers?: Record<string, string> } = {},
): NextRequest {
  return new NextRequest(`${TEST_ORIGIN}${path}`, {
    method,
    headers: { 'user-agent': ua, ...(cookie ? { cookie } : {}), ...headers },
  });
}

/** The cookie (name=value) a response sets, or undefined. */
export function setCookieValue(response: Response, name: string): string | undefined {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    if (pair?.startsWith(`${name}=`)) return pair.slice(name.length + 1);
  }
  return undefined;
}

export function setCookieLine(response: Response, name: string): string | undefined {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

type Started = { state: string; stateCookie: string; location: URL };

/** Runs /auth/wechat as a WeChat browser would and returns the state WeChat will echo and the state cookie. */
export async function startAuthorization(query = 'returnTo=%2Fprofile'): Promise<Started> {
  return started(await startAuth(request(`/auth/wechat?${query}`)));
}

/** Runs /auth/wechat/qr as a desktop browser would: the state WeChat's QR page will echo, and the state cookie. */
export async function startQrSignIn(query = 'returnTo=%2Fprofile'): Promise<Started> {
  return started(await startQr(request(`/auth/wechat/qr?${query}`, { ua: DESKTOP_UA })));
}

function started(response: Response): Started {
  const location = new URL(response.headers.get('location') ?? '');
  const state = location.searchParams.get('state') ?? '';
  const stateCookie = `wx_state=${setCookieValue(response, 'wx_state')}`;
  return { state, stateCookie, location };
}
