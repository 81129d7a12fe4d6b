import 'server-only';
import { createSingleFlight, type Fetched, type SharedStore } from '@/lib/store';
import type { AccountApi } from './account';
import { WeChatApiError } from './errors';

// WECHAT-PROTOCOL §15.1: WeChat renews the token 5 minutes early, so it is used at most until expires_in − 300 s.
const TOKEN_MARGIN_SECONDS = 300;
// WECHAT-PROTOCOL §15.2: a re-fetch answers 7200 again whatever is left, so the ticket is kept well short of it.
const TICKET_MARGIN_SECONDS = 1500;
// WECHAT-PROTOCOL §15.1: the token is dead (invalid, overwritten or expired): drop it if it is still ours, retry once.
const DEAD_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001]);

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
  // A ticket fetch is at most four calls to WeChat: token, ticket, and once more each after a dead token.
  const lockTtlMs = 4 * options.timeoutMs + 1000;
  const flight = createSingleFlight(store, { lockTtlMs, maxWaitMs: lockTtlMs });

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
