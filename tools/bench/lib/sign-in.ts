import { expectStatus, inParallel, request } from './http';

export type Scope = 'snsapi_userinfo' | 'snsapi_base';

/** A callback WeChat would send the browser to, with the state cookie that browser holds. */
export interface PendingCallback {
  path: string;
  cookie: string;
}

/**
 * Drives /auth/wechat and the (mock or stand-in) authorize page the way a phone does, up to the moment
 * WeChat redirects back: the callback URL carries a fresh code, the cookie the matching state.
 */
export async function prepareCallback(appUrl: string, scope: Scope): Promise<PendingCallback> {
  const { authorize, cookie } = await startSignIn(appUrl, scope);
  let callback: string | null;
  if (scope === 'snsapi_base') {
    callback = expectStatus(await request(authorize), /^302$/, 'silent authorize').location;
  } else {
    const [page = '', query = ''] = authorize.split('?');
    const consent = await request(`${page}/confirm`, { method: 'POST', body: `${query}&persona=full&decision=allow` });
    callback = expectStatus(consent, /^303$/, 'consent').location;
  }
  if (!callback) throw new Error('the authorize step gave no callback URL');
  const url = new URL(callback);
  return { path: `${url.pathname}${url.search}`, cookie };
}

/** A sign-in started at /auth/wechat: the authorize URL (without WeChat's fragment) and the state cookie. */
export interface StartedSignIn {
  authorize: string;
  cookie: string;
}

export async function startSignIn(appUrl: string, scope: Scope): Promise<StartedSignIn> {
  const start = expectStatus(
    await request(`${appUrl}/auth/wechat?scope=${scope}&returnTo=%2Fprofile`),
    /^30[27]$/,
    '/auth/wechat',
  );
  const state = start.cookies.get('wx_state');
  if (!start.location || !state) throw new Error('/auth/wechat gave no authorize URL or state cookie');
  return { authorize: start.location.split('#')[0] ?? '', cookie: `wx_state=${state}` };
}

/**
 * The callback for a started sign-in and a code issued elsewhere (the stand-in's POST /__codes): the URL WeChat
 * would send the browser to after consent, built as WeChat builds it (redirect_uri + code + state).
 */
export function callbackFor(started: StartedSignIn, code: string): PendingCallback {
  const authorize = new URL(started.authorize);
  const redirectUri = authorize.searchParams.get('redirect_uri');
  const state = authorize.searchParams.get('state');
  if (!redirectUri || !state) throw new Error('the authorize URL names no redirect_uri or state');
  const back = new URL(redirectUri);
  back.searchParams.append('code', code);
  back.searchParams.append('state', state);
  return { path: `${back.pathname}${back.search}`, cookie: started.cookie };
}

export function prepareCallbacks(
  appUrl: string,
  scope: Scope,
  count: number,
  concurrency = 4,
): Promise<PendingCallback[]> {
  return inParallel(count, concurrency, () => prepareCallback(appUrl, scope));
}

/** Completes a sign-in; returns the session cookie (`wx_session=…`). */
export async function completeSignIn(appUrl: string, pending: PendingCallback): Promise<string> {
  const answer = expectStatus(
    await request(`${appUrl}${pending.path}`, { cookie: pending.cookie }),
    /^303$/,
    'callback',
  );
  const session = answer.cookies.get('wx_session');
  if (!session) throw new Error('the callback set no session cookie');
  return `wx_session=${session}`;
}

export async function signIn(appUrl: string, scope: Scope = 'snsapi_userinfo'): Promise<string> {
  return completeSignIn(appUrl, await prepareCallback(appUrl, scope));
}
