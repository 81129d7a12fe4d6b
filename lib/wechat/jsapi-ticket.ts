import 'server-only';
import { createSingleFlight, type Fetched, type SharedStore } from '@/lib/store';
import type { AccountApi } from './account';
import { WeChatApiError, WeChatError } from './errors';

// WECHAT-PROTOCOL §15.1: WeChat renews the token 5 minutes early, so it is used at most until expires_in − 300 s.
const TOKEN_MARGIN_SECONDS = 300;
// WECHAT-PROTOCOL §15.2: a re-fetch answers 7200 again whatever is left, so the ticket is kept well short of it.
const TICKET_MARGIN_SECONDS = 1500;
// WECHAT-PROTOCOL §15.1: the token is dead (invalid, overwritten or expired): drop it if it is still ours, retry once.
const DEAD_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

// Errors only the operator can end (IP allow-list, credentials, the daily quota): WeChat is left alone for a minute.
const OPERATOR_ERRCODES: ReadonlySet<number> = new Set([40164, 40013, 40125, 45009]);
const OPERATOR_BACKOFF_MS = 60_000;
// Anything else WeChat does wrong (busy, slow, malformed) is tried again after a few seconds, not on every request.
const TRANSIENT_BACKOFF_MS = 5_000;

function backoffMs(error: unknown): number {
  if (error instanceof WeChatApiError && OPERATOR_ERRCODES.has(error.errcode)) return OPERATOR_BACKOFF_MS;
  return error instanceof WeChatError ? TRANSIENT_BACKOFF_MS : 0;
}

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
  const flight = createSingleFlight(store, { lockTtlMs, maxWaitMs, backoffMs });

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
          if (!(error instanceof WeChatApiError && DEAD_TOKEN_ERRCODES.has(error.errcode))) throw error;
          // Another instance may already have stored a newer token: only the one that failed is dropped.
          await store.deleteIfEquals(keys.accountToken, token);
          return ticketWith(await accountToken());
        }
      }),
  };
}
