import 'server-only';
import type { App } from './schemas';
/**
 * What kind of failure a WeChat call had. What the user then sees is decided in one place: lib/auth/failures.ts.
 * - restart: the code is bad or used (40029, 40163, 42003) — start authorization again
 * - reauth: the user's tokens are no longer good (40030, 42002, 40003, 42007, 48001, 50001) — authorize again
 * - expired: the access token expired (42001, 40001, 40014) — renew it with the refresh token first
 * - retry: WeChat is busy or answered nonsense (-1, HTTP error, HTML, malformed JSON, schema) — 502, try again
 * - timeout: no answer within WECHAT_TIMEOUT_MS — 504, try again
 * - operator: the AppID/AppSecret are wrong (40013, 40125, 41002, 41004), or the IP is not allow-listed (40164) —
 *   an operator must act
 */
export type WeChatErrorKind = 'restart' | 'reauth' | 'expired' | 'retry' | 'timeout' | 'operator';

export type WeChatEndpoint =
  | 'sns/oauth2/access_token'
  | 'sns/oauth2/refresh_token'
  | 'sns/userinfo'
  | 'cgi-bin/stable_token'
  | 'cgi-bin/ticket/getticket';

// WECHAT-PROTOCOL §8: errcode meanings.
const KIND_BY_ERRCODE: Readonly<Record<number, WeChatErrorKind>> = {
  [-1]: 'retry',
  40029: 'restart',
  40163: 'restart',
  42003: 'restart',
  41008: 'restart',
  42001: 'expired',
  40001: 'expired',
  40014: 'expired',
  40030: 'reauth',
  42002: 'reauth',
  40003: 'reauth',
  42007: 'reauth',
  48001: 'reauth',
  50001: 'reauth',
  41001: 'reauth',
  41009: 'reauth',
  40013: 'operator',
  40125: 'operator',
  41002: 'operator',
  41004: 'operator',
  40164: 'operator',
};

// WECHAT-PROTOCOL §15.1: what an operator must do about the account token's own failures; WeChat's errmsg names no secret.
const OPERATOR_HINTS: Readonly<Record<number, string>> = {
  40164: "this server's IP is not on the account's IP whitelist (公众平台 → 设置与开发 → 基本配置 → IP白名单)",
  45009: "the account's daily API quota is used up; it resets at midnight Beijing time",
  40013: 'WECHAT_APPID is not a valid AppID',
  40125: 'WECHAT_APPSECRET is not the AppSecret of WECHAT_APPID',
};
// The website app's own credentials (WECHAT-PROTOCOL §17), when a QR sign-in's call is refused.
const WEBSITE_APP_HINTS: Readonly<Record<number, string>> = {
  40013: 'WECHAT_OPEN_APPID is not a valid AppID',
  40125: 'WECHAT_OPEN_APPSECRET is not the AppSecret of WECHAT_OPEN_APPID',
};

export function operatorHint(errcode: number, app: App = 'mp'): string | undefined {
  return (app === 'open' ? WEBSITE_APP_HINTS : OPERATOR_HINTS)[errcode];
}

function kindForErrcode(errcode: number): WeChatErrorKind {
  return KIND_BY_ERRCODE[errcode] ?? 'retry';
}

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
  // Spelled out: the production minifier renames classes, and log lines carry this name.
  override readonly name = 'WeChatApiError';
  readonly kind: WeChatErrorKind;
  constructor(
    endpoint: WeChatEndpoint,
    readonly errcode: number,
    readonly errmsg: string,
    readonly rid: string | undefined,
  ) {
    super(endpoint, `WeChat ${endpoint} answered errcode ${errcode}`);
    this.kind = kindForErrcode(errcode);
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

// WECHAT-PROTOCOL §15.1: the account token is dead (invalid, overwritten or expired): drop it if it is still ours.
export function isDeadToken(error: unknown): boolean {
  return error instanceof WeChatApiError && error.kind === 'expired';
}

/**
 * How long every instance leaves WeChat alone after an account-level fetch failed: a minute for what only the
 * operator can end (the errcodes with a hint), a few seconds for anything else WeChat does wrong.
 */
export function backoffMsAfter(error: unknown): number {
  if (error instanceof WeChatApiError && OPERATOR_HINTS[error.errcode]) return 60_000;
  return error instanceof WeChatError ? 5_000 : 0;
}
