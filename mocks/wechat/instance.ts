import 'server-only';
import { createFakeWeChat, type FakeWeChat } from './fake-wechat';
import type { FaultConfig } from './faults';

export const MOCK_PREFIX = '/mock-wechat';
/** The API base URL the app's client uses in mock mode; requests to it never leave the process. */
export const MOCK_API_BASE_URL = `http://mock-wechat.invalid${MOCK_PREFIX}`;

const KEY = Symbol.for('wechat-oauth-next.mock-wechat');
type GlobalWithMock = typeof globalThis & { [KEY]?: FakeWeChat };

/**
 * One fake per process, shared by the /mock-wechat routes and the app's client: route bundles each get
 * their own module instances, so the singleton lives on globalThis.
 */
export function getMockWeChat(appId: string, appSecret: string, faults?: Partial<FaultConfig>): FakeWeChat {
  const g = globalThis as GlobalWithMock;
  g[KEY] ??= createFakeWeChat({ appId, appSecret, faults });
  return g[KEY];
}

export function mockFetch(fake: FakeWeChat) {
  return (input: string, init?: RequestInit): Promise<Response> => fake.handle(new Request(input, init), MOCK_PREFIX);
}
