import 'server-only';

export { createWeChatClient, type WeChatClient, type WeChatClientConfig } from './client';
export { canActFor, wechatClientFor, serveMockWeChat } from './client-for-origin';
export { jssdkConfigFor, jssdkScripts, pageUrlToSign, type JssdkConfig } from './jssdk-config';
export { buildAuthorizeUrl } from './authorize-url';
export {
  WeChatError,
  WeChatApiError,
  WeChatHttpError,
  WeChatMalformedResponseError,
  WeChatTimeoutError,
} from './errors';
export {
  AppSchema,
  ScopeSchema,
  scopesIncludeUserinfo,
  type App,
  type Scope,
  type TokenResponse,
  type UserInfo,
} from './schemas';
export { toProfileView, normalizeAvatarUrl, sexLabel, PLACEHOLDER, type ProfileView } from './profile';
