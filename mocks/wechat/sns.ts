import type { Persona } from './personas';
import { avatarUrl } from './personas';
import type { ExpiringStore } from './store';
import { newToken, newVirtualOpenid, wechatError, wechatJson } from './wire';
import type { Fault } from './faults';

export type MockScope = 'snsapi_base' | 'snsapi_userinfo' | 'snsapi_login';
/** The mock's two apps: the service account, and the Open Platform website app of QR sign-in (WECHAT-PROTOCOL §17). */
export type MockApp = 'mp' | 'open';

export interface CodeGrant {
  persona: Persona;
  scope: MockScope;
  fault: Fault | null;
  /** The app the code was issued for: only its credentials redeem it. */
  app: MockApp;
}

export interface TokenGrant {
  persona: Persona;
  scope: MockScope;
  openid: string;
  unionid: string | undefined;
  app: MockApp;
}

export interface SnsState {
  appId: string;
  appSecret: string;
  websiteApp: { appId: string; appSecret: string } | null;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  codes: ExpiringStore<CodeGrant>;
  usedCodes: ExpiringStore<true>;
  accessTokens: ExpiringStore<TokenGrant>;
  refreshTokens: ExpiringStore<TokenGrant>;
}

function issueTokens(state: SnsState, grant: TokenGrant, refreshToken?: string) {
  const accessToken = newToken();
  state.accessTokens.set(accessToken, grant, state.accessTokenTtlSeconds * 1000);
  const refresh = refreshToken ?? newToken();
  if (!refreshToken) state.refreshTokens.set(refresh, grant, state.refreshTokenTtlSeconds * 1000);
  return {
    access_token: accessToken,
    expires_in: state.accessTokenTtlSeconds,
    refresh_token: refresh,
    openid: grant.openid,
    scope: grant.scope,
  };
}

/** Which of the mock's apps the request names, with its secret when `needSecret`; or WeChat's error. */
function checkApp(state: SnsState, q: URLSearchParams, needSecret: boolean): MockApp | Response {
  const appid = q.get('appid');
  if (!appid) return wechatError(41002);
  const app: MockApp | null =
    appid === state.appId ? 'mp' : state.websiteApp && appid === state.websiteApp.appId ? 'open' : null;
  if (!app) return wechatError(40013);
  if (!needSecret) return app;
  const secret = q.get('secret');
  if (!secret) return wechatError(41004);
  const expected = app === 'open' ? state.websiteApp?.appSecret : state.appSecret;
  return secret === expected ? app : wechatError(40125);
}

/** GET sns/oauth2/access_token: single-use codes, 5-minute lifetime (WECHAT-PROTOCOL §4, §13.3). */
export function exchangeCode(state: SnsState, grant: CodeGrant): Response {
  const { persona, scope, app } = grant;
  // WECHAT-PROTOCOL §3: a snapshot user's openid and unionid are virtual, new for each authorization.
  // WECHAT-PROTOCOL §17: each app has its own openid for the user; the unionid is the same.
  const realOpenid = app === 'open' ? persona.websiteOpenid : persona.openid;
  const openid = persona.snapshot ? newVirtualOpenid() : realOpenid;
  const unionid = persona.snapshot ? `${openid}U` : persona.unionid;
  const tokens = issueTokens(state, { persona, scope, openid, unionid, app });
  return wechatJson({
    ...tokens,
    ...(scope !== 'snsapi_base' && unionid ? { unionid } : {}),
    ...(persona.snapshot ? { is_snapshotuser: 1 } : {}),
  });
}

export function takeCode(state: SnsState, q: URLSearchParams): CodeGrant | Response {
  const app = checkApp(state, q, true);
  if (app instanceof Response) return app;
  const code = q.get('code');
  if (!code) return wechatError(41008);
  if (state.usedCodes.get(code) === true) return wechatError(40163);
  const grant = state.codes.get(code);
  // A code is good only with the credentials of the app it was issued for.
  if (grant === undefined || grant === 'expired' || grant.app !== app) return wechatError(40029);
  state.codes.delete(code);
  state.usedCodes.set(code, true, 5 * 60 * 1000);
  return grant;
}

/** GET sns/oauth2/refresh_token: keeps the refresh token and its original expiry (WECHAT-PROTOCOL §5). */
export function refreshToken(state: SnsState, q: URLSearchParams): Response {
  const app = checkApp(state, q, false);
  if (app instanceof Response) return app;
  const token = q.get('refresh_token');
  if (!token) return wechatError(41003);
  const grant = state.refreshTokens.get(token);
  if (grant === 'expired') return wechatError(42002);
  if (grant === undefined || grant.app !== app) return wechatError(40030);
  return wechatJson(issueTokens(state, grant, token));
}

function grantForAccessToken(state: SnsState, q: URLSearchParams, missingOpenid: number): TokenGrant | Response {
  const token = q.get('access_token');
  if (!token) return wechatError(41001);
  const openid = q.get('openid');
  if (!openid) return wechatError(missingOpenid);
  const grant = state.accessTokens.get(token);
  if (grant === 'expired') return wechatError(42001);
  if (grant === undefined) return wechatError(40001);
  return grant.openid === openid ? grant : wechatError(40003);
}

/** GET sns/userinfo: the post-2021 shape, with the undocumented `language` (WECHAT-PROTOCOL §6). */
export function userInfo(state: SnsState, q: URLSearchParams): Response {
  const grant = grantForAccessToken(state, q, 41009);
  if (grant instanceof Response) return grant;
  // WECHAT-PROTOCOL §17: a website app's snsapi_login token reads the profile too.
  if (grant.scope === 'snsapi_base') return wechatError(48001);
  const p = grant.persona;
  return wechatJson({
    openid: grant.openid,
    nickname: p.nickname,
    sex: p.sex,
    language: '',
    city: p.city,
    province: p.province,
    country: p.country,
    headimgurl: avatarUrl(p),
    privilege: p.privilege,
    ...(grant.unionid ? { unionid: grant.unionid } : {}),
  });
}

/** GET sns/auth: the one endpoint whose success carries errcode 0 (WECHAT-PROTOCOL §7). */
export function checkToken(state: SnsState, q: URLSearchParams): Response {
  const grant = grantForAccessToken(state, q, 40003);
  if (grant instanceof Response) return grant;
  return wechatJson({ errcode: 0, errmsg: 'ok' });
}
