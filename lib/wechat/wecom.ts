import 'server-only';
import { z } from 'zod';
import type { Env } from '@/lib/env';
import { createSingleFlight, withLiveToken, type SharedStore } from '@/lib/store';
import { backendFor } from './backend';
import { backoffMsAfter, isDeadToken } from './errors';
import { requestWeChat, type RequestContext } from './request';

// WECHAT-PROTOCOL §19.2–19.3: lowercase fields (the old user/getuserinfo's UserId/OpenId are another parser).
const AppTokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const WhoSchema = z.union([
  z.object({ userid: z.string().min(1), user_ticket: z.string().min(1).optional() }),
  z.object({ openid: z.string().min(1) }),
]);
const CardSchema = z.object({ name: z.string().default(''), position: z.string().default('') });
// Each field only when the member consented and the admin enabled it for the app.
const DetailSchema = z.object({
  gender: z.string().default(''),
  avatar: z.string().default(''),
  email: z.string().default(''),
  mobile: z.string().default(''),
});

export type MemberCard = z.infer<typeof CardSchema> & { userid: string; detail: z.infer<typeof DetailSchema> | null };

type Corp = NonNullable<Env['wecom']>;
const q = encodeURIComponent;

/** The store's key for the app's token: one per corp and app, never per corp alone (WECHAT-PROTOCOL §19.2). */
export const appTokenKey = (corp: Pick<Corp, 'corpId' | 'agentId'>) =>
  `wecom:${corp.corpId}:${corp.agentId}:access_token`;

// WECHAT-PROTOCOL §19.2: gettoken's token lives 7200 s and may end early; it is kept well short of that.
const TOKEN_MARGIN_SECONDS = 300;

function createWeComClient(corp: Corp, ctx: RequestContext, store: SharedStore) {
  const key = appTokenKey(corp);
  const flight = createSingleFlight(store, {
    lockTtlMs: 4 * ctx.timeoutMs + 5000,
    maxWaitMs: 2 * ctx.timeoutMs + 1000,
    backoffMs: backoffMsAfter,
  });
  const appToken = () =>
    flight(key, async () => {
      const query = `corpid=${q(corp.corpId)}&corpsecret=${q(corp.secret)}`;
      const answer = await requestWeChat(ctx, 'cgi-bin/gettoken', query, AppTokenSchema, { retryBusy: true });
      return { value: answer.access_token, ttlMs: Math.max(answer.expires_in - TOKEN_MARGIN_SECONDS, 0) * 1000 };
    });
  const withToken = <T>(call: (token: string) => Promise<T>) => withLiveToken(store, key, appToken, isDeadToken, call);
  const cardOf = (userid: string) =>
    withToken((token) =>
      requestWeChat(ctx, 'cgi-bin/user/get', `access_token=${q(token)}&userid=${q(userid)}`, CardSchema, {
        retryBusy: true,
      }),
    );
  const detailOf = (ticket: string) =>
    withToken((token) =>
      requestWeChat(ctx, 'cgi-bin/auth/getuserdetail', `access_token=${q(token)}`, DetailSchema, {
        post: JSON.stringify({ user_ticket: ticket }),
      }),
    );

  return {
    /** Who the code names: a member's card (with the privateinfo fields when a ticket came), or null for an outsider. */
    memberForCode: async (code: string): Promise<MemberCard | null> => {
      const who = await withToken((token) =>
        requestWeChat(ctx, 'cgi-bin/auth/getuserinfo', `access_token=${q(token)}&code=${q(code)}`, WhoSchema),
      );
      if (!('userid' in who)) return null;
      const [card, detail] = await Promise.all([
        cardOf(who.userid),
        who.user_ticket ? detailOf(who.user_ticket) : null,
      ]);
      return { userid: who.userid, ...card, detail };
    },
    cardOf,
  };
}

let clients: { env: Env; client: Promise<ReturnType<typeof createWeComClient>> } | undefined;

export function weComClientFor(env: Env) {
  const corp = env.wecom;
  if (!corp) throw new Error('a WeCom sign-in needs WECOM_CORPID, WECOM_AGENTID and WECOM_SECRET');
  if (clients?.env !== env) {
    const backend = backendFor(env);
    const client = Promise.all([backend.transport(), backend.store()]).then(([get, store]) =>
      createWeComClient(
        corp,
        { apiBaseUrl: backend.wecom.apiBaseUrl, get, timeoutMs: env.timeoutMs, app: 'wecom' },
        store,
      ),
    );
    clients = { env, client };
  }
  return clients.client;
}

/** WeCom's authorize page in its own browser (WECHAT-PROTOCOL §19.1), elsewhere its web login (§19.4). */
export function weComStartUrl(
  env: Env,
  origin: string,
  { redirectUri, state, inWeCom }: { redirectUri: string; state: string; inWeCom: boolean },
): string {
  const corp = env.wecom as Corp;
  const backend = backendFor(env);
  const [appid, agentid, uri] = [q(corp.corpId), q(corp.agentId), q(redirectUri)];
  // WeCom matches these in exactly this order; never a generic query builder.
  return inWeCom
    ? `${backend.oauthBaseUrl(origin)}/connect/oauth2/authorize?appid=${appid}&redirect_uri=${uri}` +
        `&response_type=code&scope=${corp.scope}&state=${q(state)}&agentid=${agentid}#wechat_redirect`
    : `${backend.wecom.loginBaseUrl(origin)}/wwlogin/sso/login?login_type=CorpApp&appid=${appid}` +
        `&agentid=${agentid}&redirect_uri=${uri}&state=${q(state)}`;
}
