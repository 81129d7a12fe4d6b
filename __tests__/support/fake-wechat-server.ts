import { setupServer } from 'msw/node';
import { createFakeWeChat, type FakeWeChat, type FakeWeChatOptions } from '@/mocks/wechat/fake-wechat';
import { wechatHandlers } from '@/mocks/wechat/handlers';
import {
  TEST_API_BASE,
  TEST_APP_ID,
  TEST_APP_SECRET,
  TEST_OAUTH_BASE,
  TEST_OPEN_APP,
  TEST_WECOM,
  TEST_WECOM_API_BASE,
  TEST_WECOM_LOGIN_BASE,
} from './env';

/**
 * Starts msw in front of WeChat's (test) origins, answered by a fresh fake WeChat per test.
 * Any request to another origin fails the test (onUnhandledRequest: 'error').
 */
export function setupFakeWeChat(options: Partial<FakeWeChatOptions> = {}): {
  fake: () => FakeWeChat;
  server: ReturnType<typeof setupServer>;
  /** For the current test only: a fresh fake with other options (e.g. short-lived access tokens). */
  useFake: (changes: Partial<FakeWeChatOptions>) => void;
} {
  const server = setupServer();
  let fake: FakeWeChat;
  const useFake = (changes: Partial<FakeWeChatOptions>) => {
    fake = createFakeWeChat({
      appId: TEST_APP_ID,
      appSecret: TEST_APP_SECRET,
      websiteApp: TEST_OPEN_APP,
      corp: TEST_WECOM,
      ...options,
      ...changes,
    });
    server.use(
      ...wechatHandlers(fake, TEST_API_BASE, TEST_OAUTH_BASE),
      ...wechatHandlers(fake, TEST_WECOM_API_BASE, TEST_WECOM_LOGIN_BASE),
    );
  };
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => useFake({}));
  afterEach(() => {
    server.resetHandlers();
    server.events.removeAllListeners();
  });
  afterAll(() => server.close());
  return { fake: () => fake, server, useFake };
}
