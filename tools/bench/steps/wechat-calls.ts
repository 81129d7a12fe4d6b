import { expectStatus, request } from '../lib/http';
import { resealed } from '../lib/sessions';
import { completeSignIn, prepareCallbacks, signIn, type Scope } from '../lib/sign-in';
import { callsBetween, readStats, type Calls } from '../lib/stand-in';

/** WeChat calls per `task`, as the app's in-process mock counts them. */
async function countCalls(appUrl: string, times: number, task: () => Promise<unknown>): Promise<Calls> {
  const before = await readStats(`${appUrl}/mock-wechat/__stats`);
  for (let i = 0; i < times; i++) await task();
  return callsBetween(before, await readStats(`${appUrl}/mock-wechat/__stats`), times);
}

const view = async (appUrl: string, cookie: string) =>
  expectStatus(await request(`${appUrl}/profile`, { cookie }), /^200$/, '/profile');

export async function callsPerSignIn(appUrl: string, scope: Scope, times = 20): Promise<Calls> {
  const pending = await prepareCallbacks(appUrl, scope, times);
  return countCalls(appUrl, times, () => completeSignIn(appUrl, pending.shift()!));
}

/** Views with a session signed in earlier (not the redirect that ends the sign-in itself). */
export async function callsPerView(appUrl: string, times = 20): Promise<Calls> {
  const cookie = await resealed(await signIn(appUrl));
  return countCalls(appUrl, times, () => view(appUrl, cookie));
}

/**
 * What a phone does when it comes back after the access token's two hours: it follows the redirects, /profile →
 * refresh route → /profile (renewingView). A later view with the cookie set then must need no refresh (nextView).
 */
export async function callsWithExpiredToken(appUrl: string): Promise<Record<'renewingView' | 'nextView', Calls>> {
  const expired = await resealed(await signIn(appUrl), { expired: true });
  let renewed = '';
  const renewingView = await countCalls(appUrl, 1, async () => {
    const first = expectStatus(await request(`${appUrl}/profile`, { cookie: expired }), /^30[27]$/, 'expired /profile');
    const refreshUrl = new URL(first.location ?? '', appUrl).toString();
    const session = expectStatus(await request(refreshUrl, { cookie: expired }), /^303$/, 'refresh').cookies;
    if (!session.has('wx_session')) throw new Error('the refresh route set no session cookie');
    renewed = `wx_session=${session.get('wx_session')}`;
    await view(appUrl, renewed);
  });
  const later = await resealed(renewed);
  return { renewingView, nextView: await countCalls(appUrl, 1, () => view(appUrl, later)) };
}

/** New TCP connections the app opens to WeChat over `count` sequential sign-ins, as the stand-in counts them. */
export async function connectionsPerSignIns(appUrl: string, standInUrl: string, count = 100) {
  const pending = await prepareCallbacks(appUrl, 'snsapi_userinfo', count);
  const before = await readStats(`${standInUrl}/__stats`);
  for (const callback of pending) await completeSignIn(appUrl, callback);
  const after = await readStats(`${standInUrl}/__stats`);
  // Each read opens a connection of its own, and the second one is inside the window.
  return {
    signIns: count,
    connections: after.connections! - before.connections! - 1,
    calls: callsBetween(before, after),
  };
}
