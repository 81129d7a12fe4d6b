import 'server-only';
import type { Scope } from './schemas';

export interface AuthorizeUrlParams {
  oauthBaseUrl: string;
  appId: string;
  redirectUri: string;
  scope: Scope;
  state: string;
}

/**
 * WeChat matches the authorize URL against a strict pattern: parameters in exactly this order,
 * then the #wechat_redirect fragment (WECHAT-PROTOCOL §1.3). Never use a generic query builder here.
 */
export function buildAuthorizeUrl({ oauthBaseUrl, appId, redirectUri, scope, state }: AuthorizeUrlParams): string {
  return (
    `${oauthBaseUrl}/connect/oauth2/authorize` +
    `?appid=${encodeURIComponent(appId)}` +
    `&redirect_uri=${encodeURIComponent(redirectUri)}` +
    `&response_type=code` +
    `&scope=${scope}` +
    `&state=${encodeURIComponent(state)}` +
    `#wechat_redirect`
  );
}
