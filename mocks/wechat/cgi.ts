import { createHash } from 'node:crypto';
import { PERSONAS } from './personas';
import { ExpiringStore } from './store';
import { newToken, randomString, wechatError, wechatJson } from './wire';

/** Account-level faults (MOCK_WECHAT_FAULTS, or configureFaults): every cgi-bin call meets them, not a random share. */
export const ACCOUNT_FAULTS = [
  'ip-not-allowed',
  'quota',
  'token-overwritten',
  'redis-down',
  'follow-unauthorized',
  'follow-slow',
] as const;
export type AccountFault = (typeof ACCOUNT_FAULTS)[number];

export function isAccountFault(value: unknown): value is AccountFault {
  return typeof value === 'string' && (ACCOUNT_FAULTS as readonly string[]).includes(value);
}

export const CGI_ENDPOINTS = ['cgi-bin/stable_token', 'cgi-bin/ticket/getticket', 'cgi-bin/user/info'] as const;
export type CgiEndpoint = (typeof CGI_ENDPOINTS)[number];

const TOKEN_TTL_MS = 7200 * 1000;
const TICKET_TTL_MS = 7200 * 1000;
// WECHAT-PROTOCOL §15.1: WeChat renews the token 5 minutes early; old and new then overlap.
const RENEW_BEFORE_MS = 300 * 1000;

export interface AccountState {
  appId: string;
  appSecret: string;
  now: () => number;
  current: { token: string; expiresAt: number } | null;
  tokens: ExpiringStore<true>;
  ticket: { ticket: string; expiresAt: number } | null;
  tickets: ExpiringStore<true>;
  /** token-overwritten: the next getticket finds its token replaced elsewhere (legacy cgi-bin/token), once. */
  overwritePending: boolean;
}

export function createAccountState(appId: string, appSecret: string, now: () => number): AccountState {
  return {
    appId,
    appSecret,
    now,
    current: null,
    tokens: new ExpiringStore(now, 1000),
    ticket: null,
    tickets: new ExpiringStore(now, 1000),
    overwritePending: false,
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function issueToken(state: AccountState): { token: string; expiresAt: number } {
  const token = newToken();
  state.current = { token, expiresAt: state.now() + TOKEN_TTL_MS };
  state.tokens.set(token, true, TOKEN_TTL_MS);
  return state.current;
}

function accountFaultAnswer(faults: readonly AccountFault[]): Response | null {
  if (faults.includes('ip-not-allowed')) return wechatError(40164);
  if (faults.includes('quota')) return wechatError(45009);
  return null;
}

/** POST cgi-bin/stable_token in normal mode: the live token, renewed only in its last 5 minutes (WECHAT-PROTOCOL §15.1). */
export function stableToken(state: AccountState, bodyText: string, faults: readonly AccountFault[]): Response {
  const body = parseJson(bodyText);
  if (body.grant_type !== 'client_credential') return wechatError(40002);
  if (!body.appid) return wechatError(41002);
  if (body.appid !== state.appId) return wechatError(40013);
  if (body.secret !== state.appSecret) return wechatError(40125);
  const fault = accountFaultAnswer(faults);
  if (fault) return fault;
  if (faults.includes('token-overwritten') && !state.current) state.overwritePending = true;
  const live =
    state.current && state.current.expiresAt - state.now() > RENEW_BEFORE_MS ? state.current : issueToken(state);
  return wechatJson({ access_token: live.token, expires_in: Math.floor((live.expiresAt - state.now()) / 1000) });
}

/** WeChat's answer to an account token it does not take: expired (42001), or never issued or replaced (40001). */
function tokenRefusal(state: AccountState, token: string): Response | null {
  const known = state.tokens.get(token);
  if (known === 'expired') return wechatError(42001);
  return known === undefined ? wechatError(40001) : null;
}

/** GET cgi-bin/ticket/getticket?type=jsapi: a re-fetch within its life answers the same ticket and 7200 again (§15.2). */
export function getTicket(state: AccountState, q: URLSearchParams, faults: readonly AccountFault[]): Response {
  const token = q.get('access_token');
  if (!token) return wechatError(41001);
  if (state.overwritePending && state.current?.token === token) {
    state.overwritePending = false;
    state.tokens.delete(token);
    issueToken(state);
  }
  const refused = tokenRefusal(state, token);
  if (refused) return refused;
  if (q.get('type') !== 'jsapi') return wechatError(40097);
  const fault = accountFaultAnswer(faults.filter((f) => f === 'quota'));
  if (fault) return fault;
  if (!state.ticket || state.ticket.expiresAt <= state.now()) {
    state.ticket = { ticket: randomString(86), expiresAt: state.now() + TICKET_TTL_MS };
    state.tickets.set(state.ticket.ticket, true, TICKET_TTL_MS);
  }
  return wechatJson({ errcode: 0, errmsg: 'ok', ticket: state.ticket.ticket, expires_in: 7200 });
}

/** GET cgi-bin/user/info: whether a user of this account follows it, in today's shape, without nickname (§18). */
export function followerInfo(state: AccountState, q: URLSearchParams, faults: readonly AccountFault[]): Response {
  const token = q.get('access_token');
  if (!token) return wechatError(41001);
  const refused = tokenRefusal(state, token);
  if (refused) return refused;
  if (faults.includes('follow-unauthorized')) return wechatError(48001);
  const fault = accountFaultAnswer(faults.filter((f) => f === 'quota'));
  if (fault) return fault;
  const openid = q.get('openid');
  if (!openid) return wechatError(41009);
  // A snapshot user's openid is virtual, a website app's belongs to another app: neither is a user of this account.
  const persona = PERSONAS.find((p) => !p.snapshot && p.openid === openid);
  if (!persona) return wechatError(40003);
  const unionid = persona.unionid ? { unionid: persona.unionid } : {};
  if (!persona.follows) return wechatJson({ subscribe: 0, openid, ...unionid });
  return wechatJson({
    subscribe: 1,
    openid,
    language: 'zh_CN',
    subscribe_time: persona.follows.since,
    ...unionid,
    remark: '',
    groupid: 0,
    tagid_list: [],
    subscribe_scene: persona.follows.scene,
    qr_scene: persona.follows.scene === 'ADD_SCENE_QR_CODE' ? 98765 : 0,
    qr_scene_str: '',
  });
}

/** What the JS-SDK sends WeChat to check wx.config, and WeChat's answer: the signature against every live ticket. */
export function preverify(state: AccountState, bodyText: string): Response {
  const body = parseJson(bodyText);
  const answer = (errMsg: string) => Response.json({ errMsg }, { headers: { 'cache-control': 'no-store' } });
  if (body.appId !== state.appId) return answer('config:invalid appid');
  const { nonceStr, timestamp, url, signature } = body;
  if (typeof url !== 'string' || typeof signature !== 'string') return answer('config:invalid signature');
  const live = state.ticket && state.tickets.get(state.ticket.ticket) === true ? [state.ticket.ticket] : [];
  // WECHAT-PROTOCOL §15.3: the same string the app signs, with the url the page is actually on.
  const signs = (ticket: string) =>
    createHash('sha1')
      .update(`jsapi_ticket=${ticket}&noncestr=${String(nonceStr)}&timestamp=${String(timestamp)}&url=${url}`)
      .digest('hex') === signature;
  return answer(live.some(signs) ? 'config:ok' : 'config:invalid signature');
}
