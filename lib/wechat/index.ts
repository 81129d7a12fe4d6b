import 'server-only';

export { createWeChatClient, type WeChatClient, type WeChatClientConfig } from './client';
export { buildAuthorizeUrl } from './authorize-url';
export {
  WeChatError,
  WeChatApiError,
  WeChatHttpError,
  WeChatMalformedResponseError,
  WeChatNetworkError,
  WeChatTimeoutError,
  type WeChatErrorKind,
} from './errors';
export { scopesIncludeUserinfo, type Scope, type TokenResponse, type UserInfo } from './schemas';
export { toProfileView, normalizeAvatarUrl, sexLabel, PLACEHOLDER, type ProfileView } from './profile';
