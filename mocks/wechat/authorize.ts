import { renderAuthorizeErrorPage } from './consent-page';

export interface AuthorizeRequest {
  appid: string;
  redirectUri: string;
  scope: 'snsapi_base' | 'snsapi_userinfo' | 'snsapi_login';
  state: string;
  /** The parameters as received, in order, for the consent form to post back. */
  params: URLSearchParams;
}

export type AuthorizeCheck = { ok: true; request: AuthorizeRequest } | { ok: false; page: string };

const ORDER = ['appid', 'redirect_uri', 'response_type', 'scope', 'state'] as const;

function fail(errcode: number, text: string): AuthorizeCheck {
  return { ok: false, page: renderAuthorizeErrorPage(errcode, text) };
}

/** Which page is asked: the service account's authorize page, or the website app's QR page (WECHAT-PROTOCOL §17). */
export type AuthorizePage = 'authorize' | 'qrconnect';

const SCOPE_ERROR = 'Scope 参数错误或没有 Scope 权限';

/**
 * Validates authorize parameters the way WeChat does (WECHAT-PROTOCOL §1.2, §1.3, §1.6, §13); the QR page takes
 * the same parameters in the same order, with the website app's AppID and snsapi_login only (§12, §17).
 */
export function checkAuthorizeParams(
  params: URLSearchParams,
  appId: string,
  redirectHosts: readonly string[] | null,
  page: AuthorizePage = 'authorize',
): AuthorizeCheck {
  const appid = params.get('appid') ?? '';
  const redirectUri = params.get('redirect_uri') ?? '';
  const scope = params.get('scope') ?? '';
  const state = params.get('state') ?? '';
  if (!appid) return fail(10012, 'appid不能为空');
  if (!redirectUri) return fail(10011, 'redirect_uri不能为空');
  if (!scope) return fail(10010, 'scope不能为空');
  if (!state) return fail(10013, 'state不能为空');
  // WECHAT-PROTOCOL §12: a service-account AppID on the QR page gets 10005.
  if (appid !== appId && page === 'qrconnect') return fail(10005, SCOPE_ERROR);
  if (appid !== appId) return fail(10016, '不支持微信开放平台的Appid，请使用公众号Appid');

  const keys = [...params.keys()].slice(0, ORDER.length);
  if (keys.some((key, i) => key !== ORDER[i])) return fail(10005, SCOPE_ERROR);
  if (params.get('response_type') !== 'code') return fail(10005, SCOPE_ERROR);
  if (page === 'qrconnect' ? scope !== 'snsapi_login' : scope !== 'snsapi_base' && scope !== 'snsapi_userinfo')
    return fail(10005, page === 'qrconnect' ? SCOPE_ERROR : '此公众号并没有这些scope的权限');
  if (!/^[A-Za-z0-9]{1,128}$/.test(state)) return fail(10013, 'state参数错误');

  let redirect: URL;
  try {
    redirect = new URL(redirectUri);
  } catch {
    return fail(10003, 'redirect_uri域名与后台配置不一致');
  }
  const hostAllowed = redirectHosts === null || redirectHosts.includes(redirect.host);
  if (!/^https?:$/.test(redirect.protocol) || !hostAllowed) return fail(10003, 'redirect_uri域名与后台配置不一致');

  return { ok: true, request: { appid, redirectUri, scope: scope as AuthorizeRequest['scope'], state, params } };
}

/** WeChat appends code and state to the redirect_uri's own query, before any fragment (WECHAT-PROTOCOL §1.4). */
export function callbackUrl(redirectUri: string, query: { code?: string; state: string }): string {
  const hashAt = redirectUri.indexOf('#');
  const base = hashAt === -1 ? redirectUri : redirectUri.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : redirectUri.slice(hashAt);
  const pairs = query.code ? `code=${query.code}&state=${query.state}` : `state=${query.state}`;
  return `${base}${base.includes('?') ? '&' : '?'}${pairs}${fragment}`;
}
