import { get } from 'node:http';
import { spawnTracked, waitFor, type Child } from '../../lib/server';
import { BENCH_SESSION_SECRET } from './sessions';

export type Calls = Record<
  'sns/oauth2/access_token' | 'sns/oauth2/refresh_token' | 'sns/userinfo' | 'sns/auth',
  number
>;

/** What the mock's `/mock-wechat/__stats` and the stand-in's `/__stats` report; connections: the stand-in only. */
export type Stats = { calls: Calls; connections?: number };

/** A connection of its own per read (agent: false), so that a read of the stand-in's stats adds exactly one. */
export const readStats = (url: string): Promise<Stats> =>
  new Promise((resolve, reject) => {
    const req = get(url, { agent: false, timeout: 5000 }, async (res) => {
      let text = '';
      for await (const chunk of res.setEncoding('utf8')) text += chunk;
      try {
        resolve(JSON.parse(text) as Stats);
      } catch (error) {
        reject(error);
      }
    });
    req.on('timeout', () => req.destroy(new Error(`${url} timed out`))).on('error', reject);
  });

/** The user's own calls (sns/*) the budgets count; the account-level ones (cgi-bin/*) are shared and cached, and shown. */
export const totalCalls = (calls: Calls): number =>
  Object.entries(calls).reduce((sum, [endpoint, n]) => (endpoint.startsWith('sns/') ? sum + n : sum), 0);

export function callsBetween(before: Stats, after: Stats, times = 1): Calls {
  const delta = { ...after.calls };
  for (const key of Object.keys(delta) as (keyof Calls)[]) delta[key] = (delta[key] - before.calls[key]) / times;
  return delta;
}

export type StandIn = Child & { url: string };

const APP = { id: 'wxbench000standin01', secret: 'bench-stand-in-app-secret' };

/** tools/wechat-stand-in.ts on loopback: the fake WeChat over real TCP, counting the connections it accepts. */
export async function startStandIn(port: number): Promise<StandIn> {
  const url = `http://127.0.0.1:${port}`;
  const args = ['--import', 'tsx', 'tools/wechat-stand-in.ts', '--port', String(port), '--appid', APP.id];
  const child = spawnTracked(process.execPath, [...args, '--secret', APP.secret], process.env);
  await waitFor(async () => Boolean(await readStats(`${url}/__stats`)), performance.now(), 20_000, 50);
  return { ...child, url };
}

/** The environment of a server "with credentials" whose WeChat is the stand-in. */
export const withCredentials = (standInUrl: string) => ({
  WECHAT_MOCK: '0',
  WECHAT_APPID: APP.id,
  WECHAT_APPSECRET: APP.secret,
  SESSION_SECRET: BENCH_SESSION_SECRET,
  WECHAT_OAUTH_BASE_URL: standInUrl,
  WECHAT_API_BASE_URL: standInUrl,
});

async function control(url: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(30_000) });
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Fresh one-time codes for the persona `full` with snsapi_userinfo, as the consent page would issue them. */
export async function issueCodes(standInUrl: string, count: number): Promise<string[]> {
  const url = `${standInUrl}/__codes?count=${count}&persona=full&scope=snsapi_userinfo`;
  const { codes } = (await control(url)) as { codes: string[] };
  if (codes.length !== count) throw new Error(`the stand-in issued ${codes.length} codes, not ${count}`);
  return codes;
}

/** From now on the stand-in answers every sns/* call after `ms`. */
export const setLatency = (standInUrl: string, ms: number): Promise<unknown> =>
  control(`${standInUrl}/__latency?ms=${ms}`);
