import { createWeChatClient } from '@/lib/wechat/client';
import { WeChatTimeoutError } from '@/lib/wechat/errors';
import { wechatErrorResponse } from '@/lib/http/error-response';
import { TEST_API_BASE, TEST_APP_ID, TEST_APP_SECRET, TEST_OAUTH_BASE } from '../support/env';

const never = () => new Promise<Response>(() => undefined);
const headersOnly = async () =>
  new Response(new ReadableStream({ start: () => undefined }), { headers: { 'content-type': 'text/plain' } });

function clientWith(fetch: (input: string, init?: RequestInit) => Promise<Response>) {
  return createWeChatClient({
    appId: TEST_APP_ID,
    appSecret: TEST_APP_SECRET,
    oauthBaseUrl: TEST_OAUTH_BASE,
    apiBaseUrl: TEST_API_BASE,
    timeoutMs: 100,
    lang: 'zh_CN',
    fetch,
    log: () => undefined,
  });
}

describe('failure table: no answer within WECHAT_TIMEOUT_MS, whatever the fetch does', () => {
  it.each([
    ['a fetch that ignores the abort signal and never settles', never],
    ['an answer whose body never ends', headersOnly],
  ])('%s → a timeout, answered as a 504 page', async (_name, fetch) => {
    const error = await clientWith(fetch)
      .exchangeCode('code')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WeChatTimeoutError);
    const response = wechatErrorResponse(error as WeChatTimeoutError, {
      mock: false,
      restartHref: '/auth/wechat',
      retryHref: '/auth/wechat',
    });
    expect(response.status).toBe(504);
  });
});
