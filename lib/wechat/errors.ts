import 'server-only';
import type { App } from './schemas';

// What a WeChat failure is; what the user then sees is decided in lib/auth/failures.ts.
type WeChatErrorKind = 'restart' | 'reauth' | 'expired' | 'retry' | 'timeout' | 'operator';

export type WeChatEndpoint =
  | 'sns/oauth2/access_token'
  | 'sns/oauth2/refresh_token'
  | 'sns/userinfo'
  | 'cgi-bin/stable_token'
  | 'cgi-bin/ticket/getticket'
  | `cgi-bin/${'gettoken' | 'auth/getuserinfo' | 'auth/getuserdetail' | 'user/get'}`
  | 'cgi-bin/user/info';

// WECHAT-PROTOCOL §8: errcode meanings; anything not listed is `retry`.
const ERRCODES_BY_KIND: Readonly<Record<Exclude<WeChatErrorKind, 'retry' | 'timeout'>, readonly number[]>> = {
  restart: [40029, 40163, 42003, 41008],
  expired: [42001, 40001, 40014],
  reauth: [40030, 42002, 40003, 42007, 48001, 50001, 41001, 41009],
  operator: [40013, 40125, 41002, 41004, 40164],
};
// WECHAT-PROTOCOL §19.2–19.3: WeCom's errcodes, a table of their own: 40001 and 50001 mean other things there.
const WECOM_ERRCODES_BY_KIND: typeof ERRCODES_BY_KIND = {
  restart: [40029],
  expired: [42001, 40014],
  reauth: [],
  operator: [60020, 40001, 40013, 40091, 50001, 301002],
};
const byErrcode = (table: typeof ERRCODES_BY_KIND) =>
  new Map(Object.entries(table).flatMap(([kind, codes]) => codes.map((code) => [code, kind as WeChatErrorKind])));
const KIND_BY_ERRCODE = byErrcode(ERRCODES_BY_KIND);
const WECOM_KIND_BY_ERRCODE = byErrcode(WECOM_ERRCODES_BY_KIND);

// WECHAT-PROTOCOL §15.1: what an operator must do; WeChat's errmsg names no secret.
const OPERATOR_HINTS: Readonly<Record<number, string>> = {
  40164: "this server's IP is not on the account's IP whitelist (公众平台 → 设置与开发 → 基本配置 → IP白名单)",
  45009: "the account's daily API quota is used up; it resets at midnight Beijing time",
  40013: 'WECHAT_APPID is not a valid AppID',
  40125: 'WECHAT_APPSECRET is not the AppSecret of WECHAT_APPID',
};
// WECHAT-PROTOCOL §17: the website app's own credentials, when a QR sign-in's call is refused.
const WEBSITE_APP_HINTS: Readonly<Record<number, string>> = {
  40013: 'WECHAT_OPEN_APPID is not a valid AppID',
  40125: 'WECHAT_OPEN_APPSECRET is not the AppSecret of WECHAT_OPEN_APPID',
};

// WECHAT-PROTOCOL §19.1–19.2: what the WeCom admin or the operator must change.
const WECOM_HINTS: Readonly<Record<number, string>> = {
  60020:
    "this server's IP is not among the app's trusted IPs (企业微信管理后台 → 应用管理 → the app → 企业可信IP); on Vercel, whose IPs change, point WECOM_API_BASE_URL at a fixed-IP egress and list that IP",
  40001: 'WECOM_SECRET is not the secret of the app WECOM_AGENTID',
  40013: 'WECOM_CORPID is not a valid corp ID',
  40091: 'WECOM_SECRET is not a secret of the corp WECOM_CORPID',
  50001:
    "redirect_uri's host is not the app's 可信域名 (应用管理 → the app → 网页授权及JS-SDK, proved by WW_verify_*.txt), or the code is another app's",
  301002: 'the token is another app’s: WECOM_SECRET must belong to WECOM_AGENTID',
};
// WECHAT-PROTOCOL §18: an unverified subscription account has no user/info, whoever asks.
const USER_INFO_HINTS: Readonly<Record<number, string>> = {
  48001:
    'this account may not call cgi-bin/user/info (an unverified subscription account cannot): set WECHAT_FOLLOW_STATUS=0',
};

export function operatorHint(errcode: number, app: App = 'mp', endpoint?: WeChatEndpoint): string | undefined {
  if (app === 'open') return WEBSITE_APP_HINTS[errcode];
  if (app === 'wecom') return WECOM_HINTS[errcode];
  return (endpoint === 'cgi-bin/user/info' ? USER_INFO_HINTS[errcode] : undefined) ?? OPERATOR_HINTS[errcode];
}

// Every class spells out its name: the production minifier renames classes, and log lines carry the name.
export abstract class WeChatError extends Error {
  abstract readonly kind: WeChatErrorKind;
  constructor(
    readonly endpoint: WeChatEndpoint,
    message: string,
  ) {
    super(message);
  }
}

/** WeChat answered with a non-zero errcode (usually with HTTP 200). */
export class WeChatApiError extends WeChatError {
  override readonly name = 'WeChatApiError';
  readonly kind: WeChatErrorKind;
  constructor(
    endpoint: WeChatEndpoint,
    readonly errcode: number,
    readonly errmsg: string,
    readonly rid: string | undefined,
    /** Whose call it was: WeCom's errcodes are a table of their own. */
    readonly app: App = 'mp',
  ) {
    super(endpoint, `WeChat ${endpoint} answered errcode ${errcode}`);
    this.kind = (app === 'wecom' ? WECOM_KIND_BY_ERRCODE : KIND_BY_ERRCODE).get(errcode) ?? 'retry';
  }
}

export class WeChatHttpError extends WeChatError {
  override readonly name = 'WeChatHttpError';
  readonly kind = 'retry';
  constructor(
    endpoint: WeChatEndpoint,
    readonly status: number,
  ) {
    super(endpoint, `WeChat ${endpoint} answered HTTP ${status}`);
  }
}

export class WeChatMalformedResponseError extends WeChatError {
  override readonly name = 'WeChatMalformedResponseError';
  readonly kind = 'retry';
  constructor(endpoint: WeChatEndpoint, reason: string) {
    super(endpoint, `WeChat ${endpoint} answered a malformed body: ${reason}`);
  }
}

export class WeChatTimeoutError extends WeChatError {
  override readonly name = 'WeChatTimeoutError';
  readonly kind = 'timeout';
  constructor(endpoint: WeChatEndpoint, timeoutMs: number) {
    super(endpoint, `WeChat ${endpoint} did not answer within ${timeoutMs} ms`);
  }
}

export class WeChatNetworkError extends WeChatError {
  override readonly name = 'WeChatNetworkError';
  readonly kind = 'retry';
  constructor(endpoint: WeChatEndpoint) {
    super(endpoint, `WeChat ${endpoint} could not be reached`);
  }
}

// WECHAT-PROTOCOL §15.1, §19.2: the account's or the WeCom app's token is dead (invalid, overwritten or expired).
export function isDeadToken(error: unknown): boolean {
  return error instanceof WeChatApiError && error.kind === 'expired';
}

/** How long every instance leaves WeChat alone after a failed fetch: longer when only an operator can help. */
export function backoffMsAfter(error: unknown): number {
  const app = error instanceof WeChatApiError && error.app === 'wecom' ? 'wecom' : 'mp';
  if (error instanceof WeChatApiError && operatorHint(error.errcode, app, error.endpoint)) return 60_000;
  return error instanceof WeChatError ? 5_000 : 0;
}
