import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { Env } from '@/lib/env';
import { createSingleFlight, type SharedStore } from '@/lib/store';
import { backendFor } from './backend';
import { createAccountApi, type AccountApi } from './client';
import { backoffMsAfter, isDeadToken } from './errors';

/** WECHAT-PROTOCOL §15.3: keys in ASCII order, raw unescaped values, SHA-1 in lower-case hex. */
export function signJsapi(p: { ticket: string; nonceStr: string; timestamp: number; url: string }): string {
  const plain = `jsapi_ticket=${p.ticket}&noncestr=${p.nonceStr}&timestamp=${p.timestamp}&url=${p.url}`;
  return createHash('sha1').update(plain, 'utf8').digest('hex');
}

// WECHAT-PROTOCOL §15.1: WeChat renews the token 5 minutes early, so it is used at most until expires_in − 300 s.
const TOKEN_MARGIN_SECONDS = 300;
// WECHAT-PROTOCOL §15.2: a re-fetch answers 7200 again whatever is left, so the ticket is kept well short of it.
const TICKET_MARGIN_SECONDS = 1500;

/** The store's keys: a contract for a central token service that writes them instead (docs/share-card-and-store.md). */
export function storeKeys(appId: string) {
  return { accountToken: `wechat:${appId}:access_token`, jsapiTicket: `wechat:${appId}:jsapi_ticket` };
}

export function createJsapiTickets({
  store,
  api,
  appId,
  timeoutMs,
}: {
  store: SharedStore;
  api: AccountApi;
  appId: string;
  timeoutMs: number;
}): { ticket(): Promise<string> } {
  const keys = storeKeys(appId);
  // A ticket fetch is at most eight calls to WeChat (token and ticket, once more each after a dead token, each
  // retried once when WeChat is busy); waiting callers give up well before that.
  const flight = createSingleFlight(store, {
    lockTtlMs: 8 * timeoutMs + 5000,
    maxWaitMs: 2 * timeoutMs + 1000,
    backoffMs: backoffMsAfter,
  });
  const fetched = (value: string, seconds: number) => ({ value, ttlMs: Math.max(seconds, 0) * 1000 });
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

/**
 * The page's URL as a browser's `location.href` has it (WHATWG-serialized, no userinfo) on this origin, `#…` removed
 * (WECHAT-PROTOCOL §15.3); null for anything else, so the route signs no string a browser would not send.
 */
export function pageUrlToSign(raw: string | null, origin: string): string | null {
  if (!raw || raw.length > 4096) return null;
  const url = raw.split('#')[0] as string;
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  // A blob: URL's origin is the origin inside it: the scheme is checked on its own.
  const web = parsed.protocol === 'https:' || parsed.protocol === 'http:';
  const asBrowsersWriteIt = parsed.href === url && !parsed.username && !parsed.password;
  return web && asBrowsersWriteIt && parsed.origin === origin ? url : null;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
let tickets: Promise<ReturnType<typeof createJsapiTickets>> | undefined;

export async function jssdkConfigFor(env: Env, url: string) {
  const backend = backendFor(env);
  tickets ??= Promise.all([backend.transport(), backend.store()]).then(([get, store]) => {
    const api = createAccountApi(
      { apiBaseUrl: backend.apiBaseUrl, get, timeoutMs: env.timeoutMs },
      env.appId,
      env.appSecret,
    );
    return createJsapiTickets({ store, api, appId: env.appId, timeoutMs: env.timeoutMs });
  });
  const ticket = await (await tickets).ticket();
  const nonceStr = [...randomBytes(16)].map((byte) => ALNUM[byte % ALNUM.length]).join('');
  const timestamp = Math.floor(Date.now() / 1000);
  return { appId: env.appId, timestamp, nonceStr, signature: signJsapi({ ticket, nonceStr, timestamp, url }) };
}

/** The share card's scripts: in WeChat, with WECHAT_JSSDK on, never on a snapshot page (WECHAT-PROTOCOL §15.3). */
export function jssdkScripts(env: Env, page: { inWeChat: boolean; snapshot: boolean }): readonly string[] | null {
  if (!env.jssdk || !page.inWeChat || page.snapshot) return null;
  return backendFor(env).jssdkScripts;
}
