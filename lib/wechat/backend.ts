import 'server-only';
import { resolveOrigin, type Env } from '@/lib/env';
import { createDownStore, openStore, type SharedStore } from '@/lib/store';
import { nodeGet, type HttpGet } from './request';

/** The real WeChat or the built-in mock: product code asks this object, never which of the two it is. */
interface Backend {
  /** Trusted HTML every page shows at its top: the mock says it is one. */
  banner: string | null;
  /** A sign-in starts in any browser: the mock's consent sheet is a page of this app. */
  signsInAnyBrowser: boolean;
  apiBaseUrl: string;
  oauthBaseUrl(origin: string): string;
  /** WeCom's cgi-bin API and its desktop web login (WECHAT-PROTOCOL §19). */
  wecom: { apiBaseUrl: string; loginBaseUrl(origin: string): string };
  transport(): Promise<HttpGet>;
  avatarUrl(url: string | null): string | null;
  jssdkScripts: readonly string[];
  store(): Promise<SharedStore>;
  serve(request: Request): Promise<Response | null>;
}

const MOCK_PATH = '/mock-wechat';
// Requests to it never leave the process: the mock's transport answers them.
const MOCK_API_BASE_URL = `http://mock-wechat.invalid${MOCK_PATH}`;

function realWeChat(env: Env): Backend {
  let store: Promise<SharedStore> | undefined;
  return {
    banner: null,
    signsInAnyBrowser: false,
    apiBaseUrl: env.apiBaseUrl,
    oauthBaseUrl: () => env.oauthBaseUrl,
    wecom: { apiBaseUrl: env.wecomApiBaseUrl, loginBaseUrl: () => env.wecomLoginBaseUrl },
    transport: async () => nodeGet,
    avatarUrl: (url) => url,
    // WECHAT-PROTOCOL §15.4: WeChat's script, and its fallback host.
    jssdkScripts: ['https://res.wx.qq.com/open/js/jweixin-1.6.0.js', 'https://res2.wx.qq.com/open/js/jweixin-1.6.0.js'],
    store: () => (store ??= openStore(env)),
    serve: async () => null,
  };
}

function mockWeChat(env: Env): Backend {
  const mock = import('@/mocks/wechat/instance').then(({ mockWeChat }) =>
    mockWeChat(env, { prefix: MOCK_PATH, pageOrigin: (request) => resolveOrigin(request, env) }),
  );
  mock.catch(() => undefined);
  let store: Promise<SharedStore> | undefined;
  return {
    banner: '<div class="mock-banner" role="note">模拟微信 · 仅供开发与测试</div>',
    signsInAnyBrowser: true,
    apiBaseUrl: MOCK_API_BASE_URL,
    oauthBaseUrl: (origin) => `${origin}${MOCK_PATH}`,
    wecom: { apiBaseUrl: MOCK_API_BASE_URL, loginBaseUrl: (origin) => `${origin}${MOCK_PATH}` },
    transport: async () => (await mock).transport,
    // No machine that runs the mock may reach qlogo.cn or qpic.cn: the mock serves its avatars itself.
    avatarUrl: (url) =>
      url?.replace(/^https:\/\/((thirdwx|wx)\.qlogo|wework\.qpic)\.cn\//, `${MOCK_PATH}/qlogo/`) ?? null,
    jssdkScripts: [`${MOCK_PATH}/open/js/jweixin-1.6.0.js`],
    store: () => (store ??= mock.then((m) => (m.storeDown ? createDownStore() : openStore(env)))),
    serve: async (request) => (await mock).serve(request),
  };
}

let current: { env: Env; backend: Backend } | undefined;

export function backendFor(env: Env): Backend {
  if (current?.env !== env) current = { env, backend: env.mode === 'mock' ? mockWeChat(env) : realWeChat(env) };
  return current.backend;
}
