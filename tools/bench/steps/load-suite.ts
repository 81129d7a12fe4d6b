import { PHONE_HEADERS } from '../lib/http';
import { callbackClients, load, type LoadResult } from '../lib/load';
import { prepareCallbacks, signIn } from '../lib/sign-in';

export interface LoadSuite {
  signIn16: LoadResult;
  signIn1: LoadResult;
  profile: LoadResult;
  floor: LoadResult;
  /** The framework's own near-empty page (the 404 page): what any App Router page costs. */
  emptyPage: LoadResult;
  memory: Memory;
}

export interface Memory {
  /** Right after the run: includes garbage V8 has not collected yet. */
  rssMb: number;
  /** After a full garbage collection: what the server actually keeps. */
  rssAfterGcMb: number;
  /** V8's live heap after that collection: a leak shows here first. */
  heapUsedMb: number;
}

export interface LoadSuiteOptions {
  signIns16: number;
  signIns1: number;
  viewSeconds: number;
}

export const EMPTY_PAGE = '/__bench-not-found';

export const SUITE: LoadSuiteOptions = { signIns16: 300, signIns1: 300, viewSeconds: 4 };

function merge(a: LoadResult, b: LoadResult): LoadResult {
  const seconds = a.requests / a.rps + b.requests / b.rps;
  const statuses = { ...a.statuses };
  for (const [code, n] of Object.entries(b.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  return {
    connections: a.connections,
    requests: a.requests + b.requests,
    rps: (a.requests + b.requests) / seconds,
    // Percentiles of two halves cannot be merged exactly; the worse half is reported.
    p50: Math.max(a.p50, b.p50),
    p99: Math.max(a.p99, b.p99),
    statuses,
    errors: a.errors + b.errors,
  };
}

/** Sign-ins at 16 and at 1 connection, then /profile, the 404 page and /api/health alternated, so drift on a shared machine hits both. */
export async function runLoadSuite(
  appUrl: string,
  memory: () => Promise<Memory>,
  options: LoadSuiteOptions = SUITE,
): Promise<LoadSuite> {
  const pool = await prepareCallbacks(appUrl, 'snsapi_userinfo', options.signIns16 + options.signIns1);
  const signIn16 = await load({
    url: appUrl,
    connections: 16,
    amount: options.signIns16,
    setupClient: callbackClients(pool.slice(0, options.signIns16), PHONE_HEADERS),
  });
  const signIn1 = await load({
    url: appUrl,
    connections: 1,
    amount: options.signIns1,
    setupClient: callbackClients(pool.slice(options.signIns16), PHONE_HEADERS),
  });

  const cookie = await signIn(appUrl);
  const headers = { ...PHONE_HEADERS, cookie };
  const half = options.viewSeconds / 2;
  const view = (path: string) => load({ url: `${appUrl}${path}`, connections: 16, durationSeconds: half, headers });
  const floorA = await view('/api/health');
  const emptyA = await view(EMPTY_PAGE);
  const profileA = await view('/profile');
  const profileB = await view('/profile');
  const emptyB = await view(EMPTY_PAGE);
  const floorB = await view('/api/health');
  return {
    signIn16,
    signIn1,
    profile: merge(profileA, profileB),
    floor: merge(floorA, floorB),
    emptyPage: merge(emptyA, emptyB),
    memory: await memory(),
  };
}

/** JIT and route loading out of the way before anything is timed. */
export async function warmUp(appUrl: string): Promise<void> {
  const pool = await prepareCallbacks(appUrl, 'snsapi_userinfo', 150);
  await load({
    url: appUrl,
    connections: 16,
    amount: 100,
    setupClient: callbackClients(pool.slice(0, 100), PHONE_HEADERS),
  });
  await load({ url: appUrl, connections: 1, amount: 50, setupClient: callbackClients(pool.slice(100), PHONE_HEADERS) });
  const cookie = await signIn(appUrl);
  for (const path of ['/api/health', '/profile', '/', EMPTY_PAGE]) {
    await load({ url: `${appUrl}${path}`, connections: 16, durationSeconds: 1, headers: { ...PHONE_HEADERS, cookie } });
  }
}

/** Sign-ins at one connection against a mock that answers every WeChat call after `latencyMs`. */
export async function runSlowWeChatSignIns(
  appUrl: string,
  count: number,
): Promise<{ signIn1: LoadResult; signIn16: LoadResult }> {
  const pool = await prepareCallbacks(appUrl, 'snsapi_userinfo', count * 3 + 50);
  await load({
    url: appUrl,
    connections: 16,
    amount: 50,
    setupClient: callbackClients(pool.slice(0, 50), PHONE_HEADERS),
  });
  const signIn16 = await load({
    url: appUrl,
    connections: 16,
    amount: count * 2,
    setupClient: callbackClients(pool.slice(50, 50 + count * 2), PHONE_HEADERS),
  });
  const signIn1 = await load({
    url: appUrl,
    connections: 1,
    amount: count,
    setupClient: callbackClients(pool.slice(50 + count * 2), PHONE_HEADERS),
  });
  return { signIn1, signIn16 };
}
