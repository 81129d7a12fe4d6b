import 'server-only';
import type { Scope } from './schemas';

/**
 * WeChat's optional authorize parameters (WECHAT-PROTOCOL §1.2), each off unless an app opts in, in
 * lib/wechat/authorize-options.ts. They go to the service account's authorize page only, never to qrconnect.
 */
export interface AuthorizeOptions {
  /** `forcePopup=true`: the consent sheet even where WeChat would authorize silently (not in every case). */
  forcePopup?: boolean;
  /** `forceSnapShot=true`: the snapshot-page check even where WeChat would skip it (WECHAT-PROTOCOL §3). */
  forceSnapShot?: boolean;
  /** `connect_redirect=1`: what SDKs add against WeChat calling the redirect_uri twice (a second code is 40163). */
  connectRedirect?: boolean;
}

export interface AuthorizeUrlParams {
  oauthBaseUrl: string;
  appId: string;
  redirectUri: string;
  scope: Scope;
  state: string;
  options?: AuthorizeOptions;
}

/** The extras, in the order SDKs send them, after `state` and before the fragment (WECHAT-PROTOCOL §1.3). */
function extras({ forcePopup, forceSnapShot, connectRedirect }: AuthorizeOptions = {}): string {
  return (
    (forcePopup ? '&forcePopup=true' : '') +
    (forceSnapShot ? '&forceSnapShot=true' : '') +
    (connectRedirect ? '&connect_redirect=1' : '')
  );
}

/**
 * WeChat matches the authorize URL against a strict pattern: parameters in exactly this order, then any extras,
 * then the #wechat_redirect fragment (WECHAT-PROTOCOL §1.3). Never use a generic query builder here.
 */
function orderedUrl(path: string, p: Omit<AuthorizeUrlParams, 'scope' | 'options'>, scope: string, tail: string) {
  return (
    `${p.oauthBaseUrl}/connect/${path}` +
    `?appid=${encodeURIComponent(p.appId)}` +
    `&redirect_uri=${encodeURIComponent(p.redirectUri)}` +
    `&response_type=code` +
    `&scope=${scope}` +
    `&state=${encodeURIComponent(p.state)}` +
    tail +
    `#wechat_redirect`
  );
}

/** The service account's authorize page (WECHAT-PROTOCOL §1). */
export function buildAuthorizeUrl({ scope, options, ...params }: AuthorizeUrlParams): string {
  return orderedUrl('oauth2/authorize', params, scope, extras(options));
}

/** The website app's QR page (WECHAT-PROTOCOL §17): the same order as the authorize page, scope snsapi_login. */
export function buildQrConnectUrl(params: Omit<AuthorizeUrlParams, 'scope' | 'options'>): string {
  return orderedUrl('qrconnect', params, 'snsapi_login', '');
}
