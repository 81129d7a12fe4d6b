import 'server-only';
import type { Env } from '@/lib/env';
import type { HttpGet } from '@/lib/wechat/request';
import { createFakeWeChat, type FakeWeChat } from './fake-wechat';
import { isAccountFault } from './cgi';
import { isFault } from './faults';

export type MockEnv = Pick<Env, 'appId' | 'appSecret' | 'openApp' | 'authRelay' | 'timeoutMs' | 'mockWeChat'> &
  Partial<Pick<Env, 'wecom'>>;

/** Where the app mounts the mock, and how it finds the origin its pages are served from. */
export interface Mount {
  prefix: string;
  pageOrigin: (request: Request) => string;
}

const KEY = Symbol.for('wechat-oauth-next.mock-wechat');
type GlobalWithMock = typeof globalThis & { [KEY]?: FakeWeChat };

/**
 * One fake per process, shared by the /mock-wechat routes and the app's client: route bundles each get their own
 * module instances, so the singleton lives on globalThis. Its memory is bounded (ExpiringStore).
 */
export function getMockWeChat(env: MockEnv, { pageOrigin }: Pick<Mount, 'pageOrigin'>): FakeWeChat {
  const g = globalThis as GlobalWithMock;
  const { latencyMs, faultRate, faults } = env.mockWeChat;
  g[KEY] ??= createFakeWeChat({
    appId: env.appId,
    appSecret: env.appSecret,
    websiteApp: env.openApp,
    corp: env.wecom ?? null,
    // WECHAT-PROTOCOL §1.5: WeChat redirects only to the 网页授权域名: the app's own host, or, on a deployment that
    // signs in through a relay, the relay's host alone (which is why that deployment needs the relay).
    redirectHosts: (request) => [new URL(env.authRelay?.url ?? pageOrigin(request)).host],
    pageOrigin,
    faults: {
      latencyMs,
      rate: faultRate,
      kinds: faults.filter(isFault),
      slowMs: env.timeoutMs + 5000,
      account: faults.filter(isAccountFault),
    },
  });
  return g[KEY];
}

/** The app's WeChat client's GET, answered in-process by the fake: requests to its API base URL never leave. */
export function mockGet(fake: FakeWeChat, prefix: string): HttpGet {
  // The caller's signal is passed on by hand: a Request built here stops following it after a GC (Node 20).
  return async (url, signal, body) => {
    const init = body === undefined ? {} : { method: 'POST', body, headers: { 'content-type': 'application/json' } };
    const response = await fake.handle(new Request(url, init), prefix, signal);
    return { status: response.status, body: await response.text() };
  };
}

/** What lib/wechat/backend.ts asks of the mock: its transport, its pages, and whether it plays an unreachable Redis. */
export function mockWeChat(env: MockEnv, mount: Mount) {
  const fake = getMockWeChat(env, mount);
  return {
    transport: mockGet(fake, mount.prefix),
    serve: (request: Request) => fake.handle(request, mount.prefix),
    storeDown: env.mockWeChat.faults.includes('redis-down'),
  };
}
