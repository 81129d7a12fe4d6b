import { expectStatus, request } from '../lib/http';
import { completeSignIn, prepareCallback, signIn, type PendingCallback, type Scope } from '../lib/sign-in';
import { withExpiredAccessToken, withProfileFetchedEarlier } from '../lib/sessions';
import { callsBetween, readMockStats, readStandInStats, type Calls, type Stats } from '../lib/wechat-stats';

async function countCalls(read: () => Promise<Stats>, times: number, task: () => Promise<void>): Promise<Calls> {
  const before = await read();
  for (let i = 0; i < times; i++) await task();
  const delta = callsBetween(before, await read());
  for (const key of Object.keys(delta) as (keyof Calls)[]) delta[key] /= times;
  return delta;
}

async function view(appUrl: string, cookie: string): Promise<void> {
  expectStatus(await request(`${appUrl}/profile`, { cookie }), /^200$/, '/profile');
}

export async function callsPerSignIn(appUrl: string, scope: Scope, times = 20): Promise<Calls> {
  const pending: PendingCallback[] = [];
  for (let i = 0; i < times; i++) pending.push(await prepareCallback(appUrl, scope));
  let next = 0;
  return countCalls(
    () => readMockStats(appUrl),
    times,
    async () => {
      await completeSignIn(appUrl, pending[next++]!);
    },
  );
}

/** Views with a session signed in earlier (not the redirect that ends the sign-in itself). */
export async function callsPerView(appUrl: string, times = 20): Promise<Calls> {
  const cookie = await withProfileFetchedEarlier(await signIn(appUrl));
  return countCalls(
    () => readMockStats(appUrl),
    times,
    () => view(appUrl, cookie),
  );
}

export interface ExpiredTokenCalls {
  /** The view that finds the access token expired: /profile → refresh route → /profile. */
  renewingView: Calls;
  /** A later view with the cookie the refresh route set: the renewed token must have been kept. */
  nextView: Calls;
}

/** What a phone does when it comes back after the access token's two hours: it follows the redirects. */
export async function callsWithExpiredToken(appUrl: string): Promise<ExpiredTokenCalls> {
  const expired = await withExpiredAccessToken(await signIn(appUrl));
  let renewed = '';
  const renewingView = await countCalls(
    () => readMockStats(appUrl),
    1,
    async () => {
      const first = expectStatus(
        await request(`${appUrl}/profile`, { cookie: expired }),
        /^30[27]$/,
        'expired /profile',
      );
      const refresh = expectStatus(
        await request(new URL(first.location ?? '', appUrl).toString(), { cookie: expired }),
        /^303$/,
        'refresh',
      );
      const session = refresh.cookies.get('wx_session');
      if (!session) throw new Error('the refresh route set no session cookie');
      renewed = `wx_session=${session}`;
      await view(appUrl, renewed);
    },
  );
  const later = await withProfileFetchedEarlier(renewed);
  const nextView = await countCalls(
    () => readMockStats(appUrl),
    1,
    () => view(appUrl, later),
  );
  return { renewingView, nextView };
}

export interface KeepAlive {
  signIns: number;
  connections: number;
  calls: Calls;
}

/** New TCP connections the app opens to WeChat over `count` sequential sign-ins, as the stand-in counts them. */
export async function connectionsPerSignIns(appUrl: string, standInUrl: string, count = 100): Promise<KeepAlive> {
  const pending: PendingCallback[] = [];
  for (let i = 0; i < count; i++) pending.push(await prepareCallback(appUrl, 'snsapi_userinfo'));
  const before = await readStandInStats(standInUrl);
  for (const callback of pending) await completeSignIn(appUrl, callback);
  const after = await readStandInStats(standInUrl);
  // Each stats read opens one connection of its own (agent: false): the second read is inside the window.
  return {
    signIns: count,
    connections: (after.connections ?? 0) - (before.connections ?? 0) - 1,
    calls: callsBetween(before, after),
  };
}
