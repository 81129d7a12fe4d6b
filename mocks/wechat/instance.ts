import 'server-only';
import type { Env } from '@/lib/env';
import { resolveOrigin } from '@/lib/http/request-info';
import type { HttpGet } from '@/lib/wechat/http-get';
import { createFakeWeChat, type FakeWeChat } from './fake-wechat';
import { isFault } from './faults';

export const MOCK_PREFIX = '/mock-wechat';
/** The API base URL the app's client uses in mock mode; requests to it never leave the process. */
export const MOCK_API_BASE_URL = `http://mock-wechat.invalid${MOCK_PREFIX}`;

export type MockEnv = Pick<
  Env,
  'appId' | 'appSecret' | 'appBaseUrl' | 'timeoutMs' | 'mockLatencyMs' | 'mockFaultRate' | 'mockFaultKinds'
>;

const KEY = Symbol.for('wechat-oauth-next.mock-wechat');
type GlobalWithMock = typeof globalThis & { [KEY]?: FakeWeChat };

/**
 * One fake per process, shared by the /mock-wechat routes and the app's client: route bundles each get
 * their own module instances, so the singleton lives on globalThis. Its memory is bounded (ExpiringStore).
 */
export function getMockWeChat(env: MockEnv): FakeWeChat {
  const g = globalThis as GlobalWithMock;
  g[KEY] ??= createFakeWeChat({
    appId: env.appId,
    appSecret: env.appSecret,
    // WeChat only redirects to the account's own domain; the mock only to the app that mounts it.
    redirectHosts: (request) => [new URL(resolveOrigin(request, env)).host],
    faults: {
      latencyMs: env.mockLatencyMs,
      rate: env.mockFaultRate,
      kinds: env.mockFaultKinds.filter(isFault),
      slowMs: env.timeoutMs + 5000,
    },
  });
  return g[KEY];
}

/** The app's WeChat client's GET, answered in-process by the fake: requests to MOCK_API_BASE_URL never leave. */
export function mockGet(fake: FakeWeChat): HttpGet {
  // The caller's signal is passed on by hand: a Request built here stops following it after a GC (Node 20).
  return async (url, signal) => {
    const response = await fake.handle(new Request(url), MOCK_PREFIX, signal);
    return { status: response.status, body: await response.text() };
  };
}
