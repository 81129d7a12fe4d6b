import 'server-only';
import type { NextResponse } from 'next/server';

export const SESSION_COOKIE = 'wx_session';
export const STATE_COOKIE = 'wx_state';
export const SESSION_MAX_AGE = 30 * 24 * 60 * 60; // 30 days in seconds: WeChat's refresh_token lifetime
export const STATE_MAX_AGE = 10 * 60; // 10 minutes in seconds
export const STATE_COOKIE_PATH = '/auth/wechat';

/**
 * `persistent: false` makes a browser-session cookie (no Max-Age): a snapshot user's identity is virtual and
 * must not outlive the snapshot page (WECHAT-PROTOCOL §3).
 */
export function setSessionCookie(response: NextResponse, value: string, secure: boolean, persistent = true): void {
  response.cookies.set(SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure,
    ...(persistent ? { maxAge: SESSION_MAX_AGE } : {}),
  });
}

export function clearSessionCookie(response: NextResponse, secure: boolean): void {
  response.cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: 0 });
}

// WECHAT-PROTOCOL §11.3: iOS WebKit may withhold Lax cookies on the cross-site redirect back from WeChat.
function stateSameSite(secure: boolean): 'none' | 'lax' {
  return secure ? 'none' : 'lax';
}

export function setStateCookie(response: NextResponse, value: string, secure: boolean): void {
  response.cookies.set(STATE_COOKIE, value, {
    httpOnly: true,
    sameSite: stateSameSite(secure),
    path: STATE_COOKIE_PATH,
    secure,
    maxAge: STATE_MAX_AGE,
  });
}

export function clearStateCookie(response: NextResponse, secure: boolean): void {
  response.cookies.set(STATE_COOKIE, '', {
    httpOnly: true,
    sameSite: stateSameSite(secure),
    path: STATE_COOKIE_PATH,
    secure,
    maxAge: 0,
  });
}
