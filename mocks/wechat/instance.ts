import 'server-only';
import type { Env } from '@/lib/env';
import { resolveOrigin } from '@/lib/http/request-info';
import type { HttpGet } from '@/lib/wechat/http-get';
import { createFakeWeChat, type FakeWeChat } from './fake-wechat';
import { isAccountFault } from './cgi';
import { isFault } from './faults';

export const MOCK_PREFIX = '/mock-wechat';
/** The API base URL the app's client uses in mock mode; requests to it never leave the process. */
export const MOCK_API_BASE_URL = `http://mock-wechat.invalid${MOCK_PREFIX}`;

export type MockEnv = Pick<
  Env,
  | 'appId'
  | 'appSecret'
  | 'openApp'
  | 'appBaseUrl'
  | 'authRelay'
  | 'timeoutMs'
  | 'mockLatencyMs'
  | 'mockFaultRate'
  | 'mockFaultKinds'
>;

/**
 * The mock's 网页授权域名: WeChat redirects only to the account's authorized domain (WECHAT-PROTOCOL §1.5). That is
 * the app's own host, or, on a deployment that signs in through a relay (WECHAT_AUTH_RELAY_URL), the relay's host
 * alone: this deployment's own host is not authorized, which is why it needs the relay.
 */
function authorizedHosts(env: MockEnv, request: Request): string[] {
  return [new URL(env.authRelay?.url ?? resolveOrigin(request, env)).host];
}

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
    websiteApp: env.openApp,
    redirectHosts: (request) => authorizedHosts(env, request),
    pageOrigin: (request) => resolveOrigin(request, env),
    faults: {
      latencyMs: env.mockLatencyMs,
      rate: env.mockFaultRate,
      kinds: env.mockFaultKinds.filter(isFault),
      slowMs: env.timeoutMs + 5000,
      account: env.mockFaultKinds.filter(isAccountFault),
    },
  });
  return g[KEY];
}

/** The app's WeChat client's GET, answered in-process by the fake: requests to MOCK_API_BASE_URL never leave. */
export function mockGet(fake: FakeWeChat): HttpGet {
  // The caller's signal is passed on by hand: a Request built here stops following it after a GC (Node 20).
  return async (url, signal, body) => {
    const init = body === undefined ? {} : { method: 'POST', body, headers: { 'content-type': 'application/json' } };
    const response = await fake.handle(new Request(url, init), MOCK_PREFIX, signal);
    return { status: response.status, body: await response.text() };
  };
}
