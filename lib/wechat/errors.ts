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
  | 'cgi-bin/user/info';

// WECHAT-PROTOCOL §8: errcode meanings; anything not listed is `retry`.
const ERRCODES_BY_KIND: Readonly<Record<Exclude<WeChatErrorKind, 'retry' | 'timeout'>, readonly number[]>> = {
  restart: [40029, 40163, 42003, 41008],
  expired: [42001, 40001, 40014],
  reauth: [40030, 42002, 40003, 42007, 48001, 50001, 41001, 41009],
  operator: [40013, 40125, 41002, 41004, 40164],
};
const KIND_BY_ERRCODE = new Map(
  Object.entries(ERRCODES_BY_KIND).flatMap(([kind, codes]) => codes.map((code) => [code, kind as WeChatErrorKind])),
);

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

// WECHAT-PROTOCOL §18: an unverified subscription account has no user/info, whoever asks.
const USER_INFO_HINTS: Readonly<Record<number, string>> = {
  48001:
    'this account may not call cgi-bin/user/info (an unverified subscription account cannot): set WECHAT_FOLLOW_STATUS=0',
};

export function operatorHint(errcode: number, app: App = 'mp', endpoint?: WeChatEndpoint): string | undefined {
  if (app === 'open') return WEBSITE_APP_HINTS[errcode];
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
  ) {
    super(endpoint, `WeChat ${endpoint} answered errcode ${errcode}`);
    this.kind = KIND_BY_ERRCODE.get(errcode) ?? 'retry';
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

// WECHAT-PROTOCOL §15.1: the account token is dead (invalid, overwritten or expired).
export function isDeadToken(error: unknown): boolean {
  return error instanceof WeChatApiError && error.kind === 'expired';
}

/** How long every instance leaves WeChat alone after a failed fetch: longer when only an operator can help. */
export function backoffMsAfter(error: unknown): number {
  if (error instanceof WeChatApiError && operatorHint(error.errcode, 'mp', error.endpoint)) return 60_000;
  return error instanceof WeChatError ? 5_000 : 0;
}
