import 'server-only';
import type { Env } from '@/lib/env';
import { AUTHORIZE_OPTIONS } from './authorize-options';
import { createWeChatClient, type WeChatClient } from './client';
import { nodeGet } from './http-get';
import { defaultLog, type RequestContext } from './request';
import type { App } from './schemas';

/** The credentials of the app a sign-in goes through; the website app's only when it is configured. */
function credentials(env: Env, app: App): { appId: string; appSecret: string } {
  if (app === 'mp') return { appId: env.appId, appSecret: env.appSecret };
  if (!env.openApp) throw new Error('a website-app sign-in needs WECHAT_OPEN_APPID and WECHAT_OPEN_APPSECRET');
  return env.openApp;
}

/**
 * The client for this request's origin. In mock mode the authorize page is the app's own /mock-wechat and
 * API calls go to the in-process fake (the same one the /mock-wechat routes serve), never to WeChat.
 * The mock is imported lazily, so with mock mode off its code never runs. `app` picks the credentials: the
 * service account's, or the website app's for a QR sign-in (WECHAT-PROTOCOL §17).
 */
export async function wechatClientFor(env: Env, origin: string, app: App = 'mp'): Promise<WeChatClient> {
  const base = {
    ...credentials(env, app),
    app,
    timeoutMs: env.timeoutMs,
    lang: env.lang,
    authorizeOptions: AUTHORIZE_OPTIONS,
  };
  if (env.mode !== 'mock') {
    return createWeChatClient({ ...base, oauthBaseUrl: env.oauthBaseUrl, apiBaseUrl: env.apiBaseUrl });
  }
  const { getMockWeChat, mockGet, MOCK_API_BASE_URL, MOCK_PREFIX } = await import('@/mocks/wechat/instance');
  return createWeChatClient({
    ...base,
    oauthBaseUrl: `${origin}${MOCK_PREFIX}`,
    apiBaseUrl: MOCK_API_BASE_URL,
    get: mockGet(getMockWeChat(env)),
  });
}

/** The built-in mock WeChat's own pages and API, for the /mock-wechat route; null whenever mock mode is off. */
export async function serveMockWeChat(env: Env, request: Request): Promise<Response | null> {
  if (env.mode !== 'mock') return null;
  const { getMockWeChat, MOCK_PREFIX } = await import('@/mocks/wechat/instance');
  return getMockWeChat(env).handle(request, MOCK_PREFIX);
}

/** How the account-level calls (cgi-bin/*) reach WeChat, or in mock mode the in-process fake. */
export async function apiContextFor(env: Env): Promise<RequestContext> {
  const ctx = { timeoutMs: env.timeoutMs, log: defaultLog };
  if (env.mode !== 'mock') return { ...ctx, apiBaseUrl: env.apiBaseUrl, get: nodeGet };
  const { getMockWeChat, mockGet, MOCK_API_BASE_URL } = await import('@/mocks/wechat/instance');
  return { ...ctx, apiBaseUrl: MOCK_API_BASE_URL, get: mockGet(getMockWeChat(env)) };
}
