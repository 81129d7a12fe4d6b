import { expectStatus, inParallel, request } from './http';

export type Scope = 'snsapi_userinfo' | 'snsapi_base';

/** A callback WeChat would send the browser to, with the state cookie that browser holds. */
export type PendingCallback = { path: string; cookie: string };

/** A sign-in started at /auth/wechat: the authorize URL (without WeChat's fragment) and the state cookie. */
export type StartedSignIn = { authorize: string; cookie: string };

export async function startSignIn(appUrl: string, scope: Scope): Promise<StartedSignIn> {
  const url = `${appUrl}/auth/wechat?scope=${scope}&returnTo=%2Fprofile`;
  const start = expectStatus(await request(url), /^30[27]$/, '/auth/wechat');
  const state = start.cookies.get('wx_state');
  if (!start.location || !state) throw new Error('/auth/wechat gave no authorize URL or state cookie');
  return { authorize: start.location.split('#')[0]!, cookie: `wx_state=${state}` };
}

/** Up to the moment WeChat redirects back, through the mock's (or the stand-in's) authorize and consent pages. */
export async function prepareCallback(appUrl: string, scope: Scope): Promise<PendingCallback> {
  const { authorize, cookie } = await startSignIn(appUrl, scope);
  const [page, query] = authorize.split('?');
  const answer =
    scope === 'snsapi_base'
      ? expectStatus(await request(authorize), /^302$/, 'silent authorize')
      : expectStatus(
          await request(`${page}/confirm`, { method: 'POST', body: `${query}&persona=full&decision=allow` }),
          /^303$/,
          'consent',
        );
  if (!answer.location) throw new Error('the authorize step gave no callback URL');
  const url = new URL(answer.location);
  return { path: `${url.pathname}${url.search}`, cookie };
}

export const prepareCallbacks = (appUrl: string, scope: Scope, count: number): Promise<PendingCallback[]> =>
  inParallel(count, 4, () => prepareCallback(appUrl, scope));

/** The callback for a started sign-in and a code issued elsewhere, built as WeChat builds it. */
export function callbackFor(started: StartedSignIn, code: string): PendingCallback {
  const authorize = new URL(started.authorize).searchParams;
  const [redirectUri, state] = [authorize.get('redirect_uri'), authorize.get('state')];
  if (!redirectUri || !state) throw new Error('the authorize URL names no redirect_uri or state');
  const back = new URL(redirectUri);
  back.searchParams.append('code', code);
  back.searchParams.append('state', state);
  return { path: `${back.pathname}${back.search}`, cookie: started.cookie };
}

/** Completes a sign-in; returns the session cookie (`wx_session=…`). */
export async function completeSignIn(appUrl: string, pending: PendingCallback): Promise<string> {
  const answer = await request(`${appUrl}${pending.path}`, { cookie: pending.cookie });
  const session = expectStatus(answer, /^303$/, 'callback').cookies.get('wx_session');
  if (!session) throw new Error('the callback set no session cookie');
  return `wx_session=${session}`;
}

export async function signIn(appUrl: string, scope: Scope = 'snsapi_userinfo'): Promise<string> {
  return completeSignIn(appUrl, await prepareCallback(appUrl, scope));
}
