import 'server-only';
import type { Env } from '@/lib/env';
import { backendFor } from './backend';
import { defaultLog, nodeGet, requestWeChat, type HttpGet, type RequestContext, type WeChatLogLine } from './request';
import {
  AccountTokenSchema,
  JsapiTicketSchema,
  TokenResponseSchema,
  UserInfoSchema,
  type AccountToken,
  type App,
  type JsapiTicket,
  type Scope,
  type TokenResponse,
  type UserInfo,
} from './schemas';

export interface WeChatClientConfig {
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

export interface WeChatClient {
  authorizeUrl(params: { redirectUri: string; scope: Scope; state: string }): string;
  /** The website app's QR page; for a client made with the website app's credentials (WECHAT-PROTOCOL §17). */
  qrConnectUrl(params: { redirectUri: string; state: string }): string;
  exchangeCode(code: string): Promise<TokenResponse>;
  refreshToken(refreshToken: string): Promise<TokenResponse>;
  getUserInfo(accessToken: string, openid: string): Promise<UserInfo>;
}

const q = encodeURIComponent;

/**
 * WeChat matches the authorize URL against a strict pattern: parameters in exactly this order, then the
 * #wechat_redirect fragment (WECHAT-PROTOCOL §1.3). Never use a generic query builder here.
 */
function connectUrl(config: WeChatClientConfig, page: string, scope: string, redirectUri: string, state: string) {
  return (
    `${config.oauthBaseUrl}/connect/${page}?appid=${q(config.appId)}&redirect_uri=${q(redirectUri)}` +
    `&response_type=code&scope=${scope}&state=${q(state)}#wechat_redirect`
  );
}

export function createWeChatClient(config: WeChatClientConfig): WeChatClient {
  const ctx: RequestContext = {
    apiBaseUrl: config.apiBaseUrl,
    timeoutMs: config.timeoutMs,
    get: config.get ?? nodeGet,
    log: config.log ?? defaultLog,
    app: config.app,
  };
  const { appId, appSecret } = config;

  return {
    authorizeUrl: ({ redirectUri, scope, state }) => connectUrl(config, 'oauth2/authorize', scope, redirectUri, state),
    // WECHAT-PROTOCOL §17: the same order as the authorize page, scope snsapi_login.
    qrConnectUrl: ({ redirectUri, state }) => connectUrl(config, 'qrconnect', 'snsapi_login', redirectUri, state),

    exchangeCode: (code) =>
      requestWeChat(
        ctx,
        'sns/oauth2/access_token',
        `appid=${q(appId)}&secret=${q(appSecret)}&code=${q(code)}&grant_type=authorization_code`,
        TokenResponseSchema,
      ),

    refreshToken: (refreshToken) =>
      requestWeChat(
        ctx,
        'sns/oauth2/refresh_token',
        `appid=${q(appId)}&grant_type=refresh_token&refresh_token=${q(refreshToken)}`,
        TokenResponseSchema,
        { retryBusy: true },
      ),

    getUserInfo: (accessToken, openid) =>
      requestWeChat(
        ctx,
        'sns/userinfo',
        `access_token=${q(accessToken)}&openid=${q(openid)}&lang=${config.lang}`,
        UserInfoSchema,
        { retryBusy: true },
      ),
  };
}

export interface AccountApi {
  fetchAccountToken(): Promise<AccountToken>;
  fetchJsapiTicket(accountToken: string): Promise<JsapiTicket>;
}

/** The account-level calls behind the JS-SDK (WECHAT-PROTOCOL §15): never the legacy cgi-bin/token. */
export function createAccountApi(ctx: RequestContext, appId: string, appSecret: string): AccountApi {
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
    fetchJsapiTicket: (accountToken) =>
      requestWeChat(ctx, 'cgi-bin/ticket/getticket', `access_token=${q(accountToken)}&type=jsapi`, JsapiTicketSchema, {
        retryBusy: true,
      }),
  };
}

/**
 * The client for this request's origin, with the credentials of `app`: the service account's, or the website app's
 * for a QR sign-in (WECHAT-PROTOCOL §17). Callers have checked canActFor().
 */
export async function wechatClientFor(env: Env, origin: string, app: App = 'mp'): Promise<WeChatClient> {
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
