import { PHONE_HEADERS } from '../lib/http';
import { load, type LoadResult } from '../lib/load';
import { prepareCallbacks, signIn } from '../lib/sign-in';

export interface Memory {
  /** Right after the run: includes garbage V8 has not collected yet. */
  rssMb: number;
  /** After a full garbage collection: what the server actually keeps. */
  rssAfterGcMb: number;
  /** V8's live heap after that collection: a leak shows here first. */
  heapUsedMb: number;
}

type SignInRuns = 'signIn16' | 'signIn1';

export const EMPTY_PAGE = '/__bench-not-found';

/** `counts` sign-in runs, in turn, at 16 connections and then 1, each from prepared callbacks of its own. */
async function signIns(appUrl: string, ...counts: number[]): Promise<LoadResult[]> {
  const pending = await prepareCallbacks(
    appUrl,
    'snsapi_userinfo',
    counts.reduce((a, b) => a + b),
  );
  const pool = pending.map(({ path, cookie }) => ({ path, headers: { ...PHONE_HEADERS, cookie } }));
  const results: LoadResult[] = [];
  for (const [i, amount] of counts.entries()) {
    const connections = i === counts.length - 1 ? 1 : 16;
    results.push(await load({ url: appUrl, connections, amount, pool: pool.splice(0, amount) }));
  }
  return results;
}

const views = async (appUrl: string, seconds: number) => {
  const headers = { ...PHONE_HEADERS, cookie: await signIn(appUrl) };
  return (path: string) => load({ url: `${appUrl}${path}`, connections: 16, seconds, headers });
};

function merge(a: LoadResult, b: LoadResult): LoadResult {
  const statuses = { ...a.statuses };
  for (const [code, n] of Object.entries(b.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const [requests, seconds] = [a.requests + b.requests, a.seconds + b.seconds];
  // Percentiles of two halves cannot be merged exactly; the worse half is reported.
  const [p50, p99] = [Math.max(a.p50, b.p50), Math.max(a.p99, b.p99)];
  return { ...a, requests, seconds, rps: requests / seconds, p50, p99, statuses, errors: a.errors + b.errors };
}

/**
 * 300 sign-ins at 16 and 300 at 1 connection, then /profile, the framework's near-empty 404 page (what any App Router
 * page costs) and the route handler /api/health, alternated so that drift on a shared machine hits all three.
 */
export async function runLoadSuite(appUrl: string, memory: () => Promise<Memory>) {
  const [signIn16, signIn1] = await signIns(appUrl, 300, 300);
  const view = await views(appUrl, 2);
  const [floorA, emptyA, profileA] = [await view('/api/health'), await view(EMPTY_PAGE), await view('/profile')];
  const [profileB, emptyB, floorB] = [await view('/profile'), await view(EMPTY_PAGE), await view('/api/health')];
  return {
    signIn16: signIn16!,
    signIn1: signIn1!,
    profile: merge(profileA, profileB),
    floor: merge(floorA, floorB),
    emptyPage: merge(emptyA, emptyB),
    memory: await memory(),
  };
}

/** JIT and route loading out of the way before anything is timed. */
export async function warmUp(appUrl: string): Promise<void> {
  await signIns(appUrl, 100, 50);
  const view = await views(appUrl, 1);
  for (const path of ['/api/health', '/profile', '/', EMPTY_PAGE]) await view(path);
}

/** Against a mock that answers every WeChat call after a delay: 50 to warm up, `count` × 2 at 16, `count` at 1. */
export async function runSlowWeChatSignIns(appUrl: string, count: number): Promise<Record<SignInRuns, LoadResult>> {
  const [, signIn16, signIn1] = await signIns(appUrl, 50, count * 2, count);
  return { signIn16: signIn16!, signIn1: signIn1! };
}
