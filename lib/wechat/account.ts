import 'server-only';
import type { Env } from '@/lib/env';
import { createSingleFlight, withLiveToken, type SharedStore } from '@/lib/store';
import { backendFor } from './backend';
import { createAccountApi, type AccountApi } from './client';
import { backoffMsAfter, isDeadToken } from './errors';
import { FollowerSchema, type Follower } from './schemas';

// WECHAT-PROTOCOL §15.1: WeChat renews the token 5 minutes early, so it is used at most until expires_in − 300 s.
const TOKEN_MARGIN_SECONDS = 300;
// WECHAT-PROTOCOL §15.2: a re-fetch answers 7200 again whatever is left, so the ticket is kept well short of it.
const TICKET_MARGIN_SECONDS = 1500;
const FOLLOWER_TTL_MS = 10 * 60 * 1000; // CONTRACT: whether a user follows is asked at most every 10 minutes

/** The store's keys: a contract for a central token service that writes them instead (docs/share-card-and-store.md). */
export function storeKeys(appId: string) {
  return {
    accountToken: `wechat:${appId}:access_token`,
    jsapiTicket: `wechat:${appId}:jsapi_ticket`,
    follower: (openid: string) => `wechat:${appId}:user_info:${openid}`,
    followerBackoff: `wechat:${appId}:user_info:backoff`,
  };
}

/** The account token in the shared store, and what is read with it, each fetched once for every instance. */
export function createAccount({
  store,
  api,
  appId,
  timeoutMs,
}: {
  store: SharedStore;
  api: AccountApi;
  appId: string;
  timeoutMs: number;
}) {
  const keys = storeKeys(appId);
  // A fetch is at most eight calls to WeChat (the token and the read, once more each after a dead token, each
  // retried once when WeChat is busy); waiting callers give up well before that.
  const options = { lockTtlMs: 8 * timeoutMs + 5000, maxWaitMs: 2 * timeoutMs + 1000, backoffMs: backoffMsAfter };
  const flight = createSingleFlight(store, options);
  // One account's user/info fails for all its users at once (48001, 45009, a hanging WeChat): one back-off for all.
  const followers = createSingleFlight(store, { ...options, backoffKey: () => keys.followerBackoff });

  const accountToken = () =>
    flight(keys.accountToken, async () => {
      const answer = await api.fetchAccountToken();
      return { value: answer.access_token, ttlMs: (answer.expires_in - TOKEN_MARGIN_SECONDS) * 1000 };
    });

  const withToken = <T>(call: (token: string) => Promise<T>) =>
    withLiveToken(store, keys.accountToken, accountToken, isDeadToken, call);

  return {
    jsapiTicket: (): Promise<string> =>
      flight(keys.jsapiTicket, () =>
        withToken(async (token) => {
          const answer = await api.fetchJsapiTicket(token);
          return { value: answer.ticket, ttlMs: (Math.min(answer.expires_in, 7200) - TICKET_MARGIN_SECONDS) * 1000 };
        }),
      ),
    follower: async (openid: string): Promise<Follower> => {
      const stored = await followers(keys.follower(openid), () =>
        withToken(async (token) => ({
          value: JSON.stringify(await api.fetchFollower(token, openid)),
          ttlMs: FOLLOWER_TTL_MS,
        })),
      );
      return FollowerSchema.parse(JSON.parse(stored));
    },
  };
}

let account: Promise<ReturnType<typeof createAccount>> | undefined;

export function accountFor(env: Env): Promise<ReturnType<typeof createAccount>> {
  const backend = backendFor(env);
  account ??= Promise.all([backend.transport(), backend.store()]).then(([get, store]) => {
    const ctx = { apiBaseUrl: backend.apiBaseUrl, get, timeoutMs: env.timeoutMs };
    const api = createAccountApi(ctx, env.appId, env.appSecret);
    return createAccount({ store, api, appId: env.appId, timeoutMs: env.timeoutMs });
  });
  return account;
}
