import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { Env } from '@/lib/env';
import { createSingleFlight, type Fetched, type SharedStore } from '@/lib/store';
import { backendFor } from './backend';
import { createAccountApi, type AccountApi } from './client';
import { backoffMsAfter, isDeadToken } from './errors';
import { defaultLog } from './request';

export interface JsapiSignatureInput {
  ticket: string;
  nonceStr: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /** The page's URL as the browser has it, without `#…`. */
  url: string;
}

/** WECHAT-PROTOCOL §15.3: keys in ASCII order, raw unescaped values, SHA-1 in lower-case hex. */
export function signJsapi({ ticket, nonceStr, timestamp, url }: JsapiSignatureInput): string {
  const plain = `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`;
  return createHash('sha1').update(plain, 'utf8').digest('hex');
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newNonceStr(length = 16): string {
  return [...randomBytes(length)].map((byte) => ALNUM[byte % ALNUM.length]).join('');
}

// WECHAT-PROTOCOL §15.1: WeChat renews the token 5 minutes early, so it is used at most until expires_in − 300 s.
const TOKEN_MARGIN_SECONDS = 300;
// WECHAT-PROTOCOL §15.2: a re-fetch answers 7200 again whatever is left, so the ticket is kept well short of it.
const TICKET_MARGIN_SECONDS = 1500;

/** The store's keys, a contract for a central token service that writes them instead (README). */
export function storeKeys(appId: string) {
  return { accountToken: `wechat:${appId}:access_token`, jsapiTicket: `wechat:${appId}:jsapi_ticket` };
}

export interface JsapiTickets {
  ticket(): Promise<string>;
}

export function createJsapiTickets(options: {
  store: SharedStore;
  api: AccountApi;
  appId: string;
  timeoutMs: number;
}): JsapiTickets {
  const { store, api } = options;
  const keys = storeKeys(options.appId);
  // A ticket fetch is at most eight calls to WeChat (token and ticket, once more each after a dead token, each
  // retried once when WeChat is busy) and a few store operations; waiting callers give up well before that.
  const lockTtlMs = 8 * options.timeoutMs + 5000;
  const maxWaitMs = 2 * options.timeoutMs + 1000;
  const flight = createSingleFlight(store, { lockTtlMs, maxWaitMs, backoffMs: backoffMsAfter });

  const fetched = (value: string, seconds: number): Fetched => ({ value, ttlMs: Math.max(seconds, 0) * 1000 });

  const accountToken = () =>
    flight(keys.accountToken, async () => {
      const answer = await api.fetchAccountToken();
      return fetched(answer.access_token, answer.expires_in - TOKEN_MARGIN_SECONDS);
    });

  const ticketWith = async (token: string) => {
    const answer = await api.fetchJsapiTicket(token);
    return fetched(answer.ticket, Math.min(answer.expires_in, 7200) - TICKET_MARGIN_SECONDS);
  };

  return {
    ticket: () =>
      flight(keys.jsapiTicket, async () => {
        const token = await accountToken();
        try {
          return await ticketWith(token);
        } catch (error) {
          if (!isDeadToken(error)) throw error;
          // Another instance may already have stored a newer token: only the one that failed is dropped.
          await store.deleteIfEquals(keys.accountToken, token);
          return ticketWith(await accountToken());
        }
      }),
  };
}

/** What wx.config needs besides jsApiList (CONTRACT: GET /api/wechat/jssdk-config). */
export interface JssdkConfig {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
}

const MAX_URL_LENGTH = 4096;

/**
 * The page URL to sign: an http(s) URL on this app's own origin, with `#…` removed and otherwise exactly as the
 * browser sent it (WECHAT-PROTOCOL §15.3); null when it is missing, malformed or foreign.
 */
export function pageUrlToSign(raw: string | null, origin: string): string | null {
  if (!raw || raw.length > MAX_URL_LENGTH) return null;
  const url = raw.split('#')[0] as string;
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  // A blob: URL's origin is the origin inside it: the scheme is checked on its own.
  const web = parsed.protocol === 'https:' || parsed.protocol === 'http:';
  return web && parsed.origin === origin ? url : null;
}

let tickets: Promise<JsapiTickets> | undefined;

/** The signed config for `url`; the ticket comes from the shared store, fetched once across instances. */
export async function jssdkConfigFor(env: Env, url: string): Promise<JssdkConfig> {
  const backend = backendFor(env);
  tickets ??= Promise.all([backend.transport(), backend.store()]).then(([get, store]) =>
    createJsapiTickets({
      store,
      api: createAccountApi(
        { apiBaseUrl: backend.apiBaseUrl, get, timeoutMs: env.timeoutMs, log: defaultLog },
        env.appId,
        env.appSecret,
      ),
      appId: env.appId,
      timeoutMs: env.timeoutMs,
    }),
  );
  const ticket = await (await tickets).ticket();
  const nonceStr = newNonceStr();
  const timestamp = Math.floor(Date.now() / 1000);
  return { appId: env.appId, timestamp, nonceStr, signature: signJsapi({ ticket, nonceStr, timestamp, url }) };
}

/**
 * The JS-SDK scripts the profile page loads for its share card, or null: only in WeChat, with WECHAT_JSSDK on, and
 * never on a snapshot page, which cannot use the JS-SDK (WECHAT-PROTOCOL §15.3).
 */
export function jssdkScripts(env: Env, page: { inWeChat: boolean; snapshot: boolean }): readonly string[] | null {
  if (!env.jssdk || !page.inWeChat || page.snapshot) return null;
  return backendFor(env).jssdkScripts;
}
