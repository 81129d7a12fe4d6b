import 'server-only';
import type { Env } from '@/lib/env';
import { AUTHORIZE_OPTIONS } from './authorize-options';
import { createWeChatClient, type WeChatClient } from './client';
import { nodeGet } from './http-get';
import { defaultLog, type RequestContext } from './request';
import type { App } from './schemas';

/**
 * Whether this deployment can act for `app`: the service account always, the website app only while it is configured.
 * A state or session of a website app outlives a deployment whose WECHAT_OPEN_APPID was removed.
 */
export function canActFor(env: Pick<Env, 'openApp'>, app: App): boolean {
  return app === 'mp' || env.openApp !== null;
}

/** The credentials of the app a sign-in goes through; callers have checked canActFor(). */
function credentials(env: Env, app: App): { appId: string; appSecret: string } {
  if (app === 'mp') return { appId: env.appId, appSecret: env.appSecret };
  if (!env.openApp) throw new Error('a website-app sign-in needs WECHAT_OPEN_APPID and WECHAT_OPEN_APPSECRET');
  return env.openApp;
}

/**
 * Where calls to WeChat go: WeChat itself, or in mock mode the in-process fake (the same one the /mock-wechat routes
 * serve), never WeChat. The mock is imported lazily, so with mock mode off its code never runs.
 */
async function transportFor(env: Env): Promise<Pick<RequestContext, 'apiBaseUrl' | 'get'> & { mockPrefix?: string }> {
  if (env.mode !== 'mock') return { apiBaseUrl: env.apiBaseUrl, get: nodeGet };
  const { getMockWeChat, mockGet, MOCK_API_BASE_URL, MOCK_PREFIX } = await import('@/mocks/wechat/instance');
  return { apiBaseUrl: MOCK_API_BASE_URL, get: mockGet(getMockWeChat(env)), mockPrefix: MOCK_PREFIX };
}

/**
 * The client for this request's origin; in mock mode the authorize page is the app's own /mock-wechat. `app` picks
 * the credentials: the service account's, or the website app's for a QR sign-in (WECHAT-PROTOCOL §17).
 */
export async function wechatClientFor(env: Env, origin: string, app: App = 'mp'): Promise<WeChatClient> {
  const { mockPrefix, ...transport } = await transportFor(env);
  return createWeChatClient({
    ...credentials(env, app),
    ...transport,
    app,
    oauthBaseUrl: mockPrefix ? `${origin}${mockPrefix}` : env.oauthBaseUrl,
    timeoutMs: env.timeoutMs,
    lang: env.lang,
    authorizeOptions: AUTHORIZE_OPTIONS,
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
  const { apiBaseUrl, get } = await transportFor(env);
  return { apiBaseUrl, get, timeoutMs: env.timeoutMs, log: defaultLog };
}
