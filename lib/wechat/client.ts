import 'server-only';
import { buildAuthorizeUrl, buildQrConnectUrl, type AuthorizeOptions } from './authorize-url';
import { nodeGet, type HttpGet } from './http-get';
import { defaultLog, requestWeChat, type RequestContext, type WeChatLogLine } from './request';
import {
  TokenResponseSchema,
  UserInfoSchema,
  type App,
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
  /** WeChat's optional authorize parameters (lib/wechat/authorize-options.ts); none by default. */
  authorizeOptions?: AuthorizeOptions;
  /** How one GET is made; Node's http(s) with keep-alive unless the built-in mock supplies its own. */
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

export function createWeChatClient(config: WeChatClientConfig): WeChatClient {
  const ctx: RequestContext = {
    apiBaseUrl: config.apiBaseUrl,
    timeoutMs: config.timeoutMs,
    get: config.get ?? nodeGet,
    log: config.log ?? defaultLog,
    app: config.app,
  };

  return {
    authorizeUrl: ({ redirectUri, scope, state }) =>
      buildAuthorizeUrl({
        oauthBaseUrl: config.oauthBaseUrl,
        appId: config.appId,
        redirectUri,
        scope,
        state,
        options: config.authorizeOptions,
      }),

    qrConnectUrl: ({ redirectUri, state }) =>
      buildQrConnectUrl({ oauthBaseUrl: config.oauthBaseUrl, appId: config.appId, redirectUri, state }),

    exchangeCode: (code) =>
      requestWeChat(
        ctx,
        'sns/oauth2/access_token',
        `appid=${q(config.appId)}&secret=${q(config.appSecret)}&code=${q(code)}&grant_type=authorization_code`,
        TokenResponseSchema,
      ),

    refreshToken: (refreshToken) =>
      requestWeChat(
        ctx,
        'sns/oauth2/refresh_token',
        `appid=${q(config.appId)}&grant_type=refresh_token&refresh_token=${q(refreshToken)}`,
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
