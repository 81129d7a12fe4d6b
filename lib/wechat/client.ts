import 'server-only';
import type { Env } from '@/lib/env';
import { backendFor } from './backend';
import { nodeGet, requestWeChat, type HttpGet, type RequestContext, type WeChatLogLine } from './request';
import { z } from 'zod';
import { FollowerSchema, TokenResponseSchema, UserInfoSchema, type App, type Scope } from './schemas';

// WECHAT-PROTOCOL §15.1–15.2: cgi-bin/stable_token (expires_in at least 300) and the jsapi_ticket.
const AccountTokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const JsapiTicketSchema = z.object({ ticket: z.string().min(1), expires_in: z.number().int().positive() });

interface WeChatClientConfig {
  appId: string;
  appSecret: string;
  oauthBaseUrl: string;
  apiBaseUrl: string;
  timeoutMs: number;
  lang: 'zh_CN' | 'zh_TW' | 'en';
  /** Node's http(s) with keep-alive unless given. */
  get?: HttpGet;
  log?: (line: WeChatLogLine) => void;
  /** Whose credentials these are: the service account's (default) or the website app's. */
  app?: App;
}

const q = encodeURIComponent;

export function createWeChatClient(config: WeChatClientConfig) {
  const { appId, appSecret, apiBaseUrl, timeoutMs, log, app } = config;
  const ctx: RequestContext = { apiBaseUrl, timeoutMs, log, app, get: config.get ?? nodeGet };
  // WeChat matches these URLs against a strict pattern: parameters in exactly this order, then the fragment
  // (WECHAT-PROTOCOL §1.3). Never a generic query builder here.
  const connectUrl = (page: string, scope: string, redirectUri: string, state: string) =>
    `${config.oauthBaseUrl}/connect/${page}?appid=${q(appId)}&redirect_uri=${q(redirectUri)}` +
    `&response_type=code&scope=${scope}&state=${q(state)}#wechat_redirect`;

  return {
    authorizeUrl: ({ redirectUri, scope, state }: { redirectUri: string; scope: Scope; state: string }) =>
      connectUrl('oauth2/authorize', scope, redirectUri, state),
    // WECHAT-PROTOCOL §17: the website app's QR page, in the same order, scope snsapi_login.
    qrConnectUrl: ({ redirectUri, state }: { redirectUri: string; state: string }) =>
      connectUrl('qrconnect', 'snsapi_login', redirectUri, state),

    exchangeCode: (code: string) =>
      requestWeChat(
        ctx,
        'sns/oauth2/access_token',
        `appid=${q(appId)}&secret=${q(appSecret)}&code=${q(code)}&grant_type=authorization_code`,
        TokenResponseSchema,
      ),

    refreshToken: (refreshToken: string) =>
      requestWeChat(
        ctx,
        'sns/oauth2/refresh_token',
        `appid=${q(appId)}&grant_type=refresh_token&refresh_token=${q(refreshToken)}`,
        TokenResponseSchema,
        { retryBusy: true },
      ),

    getUserInfo: (accessToken: string, openid: string) =>
      requestWeChat(
        ctx,
        'sns/userinfo',
        `access_token=${q(accessToken)}&openid=${q(openid)}&lang=${config.lang}`,
        UserInfoSchema,
        { retryBusy: true },
      ),
  };
}

/** The account-level calls (WECHAT-PROTOCOL §15, §18): never the legacy cgi-bin/token. */
export function createAccountApi(ctx: RequestContext, appId: string, appSecret: string) {
  return {
    // WECHAT-PROTOCOL §15.1: normal mode returns the live token and invalidates nothing; force_refresh would.
    fetchAccountToken: () =>
      requestWeChat(ctx, 'cgi-bin/stable_token', '', AccountTokenSchema, {
        retryBusy: true,
        post: JSON.stringify({
          grant_type: 'client_credential',
          appid: appId,
          secret: appSecret,
          force_refresh: false,
        }),
      }),
    fetchJsapiTicket: (accountToken: string) =>
      requestWeChat(ctx, 'cgi-bin/ticket/getticket', `access_token=${q(accountToken)}&type=jsapi`, JsapiTicketSchema, {
        retryBusy: true,
      }),
    fetchFollower: (accountToken: string, openid: string) =>
      requestWeChat(
        ctx,
        'cgi-bin/user/info',
        `access_token=${q(accountToken)}&openid=${q(openid)}&lang=zh_CN`,
        FollowerSchema,
      ),
  };
}
export type AccountApi = ReturnType<typeof createAccountApi>;

/** The client for this request's origin, with the credentials of `app` (WECHAT-PROTOCOL §17). */
export async function wechatClientFor(env: Env, origin: string, app: App = 'mp') {
  const credentials = app === 'open' ? env.openApp : env;
  if (!credentials) throw new Error('a website-app sign-in needs WECHAT_OPEN_APPID and WECHAT_OPEN_APPSECRET');
  const backend = backendFor(env);
  return createWeChatClient({
    appId: credentials.appId,
    appSecret: credentials.appSecret,
    app,
    apiBaseUrl: backend.apiBaseUrl,
    get: await backend.transport(),
    oauthBaseUrl: backend.oauthBaseUrl(origin),
    timeoutMs: env.timeoutMs,
    lang: env.lang,
  });
}
