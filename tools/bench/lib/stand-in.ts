import { spawnTracked, stopChild, waitFor } from '../../lib/server';
import { readStandInStats } from './wechat-stats';

export interface StandIn {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** tools/wechat-stand-in.ts on loopback: the same fake WeChat over real TCP, counting the connections it accepts. */
export async function startStandIn(port: number, appId: string, appSecret: string): Promise<StandIn> {
  const url = `http://127.0.0.1:${port}`;
  const args = [
    '--import',
    'tsx',
    'tools/wechat-stand-in.ts',
    '--port',
    String(port),
    '--appid',
    appId,
    '--secret',
    appSecret,
  ];
  const { child } = spawnTracked(process.execPath, args, { ...process.env });
  if (child.pid === undefined) throw new Error('the stand-in did not spawn');
  await waitFor(async () => Boolean(await readStandInStats(url)), performance.now(), 20_000, 50);
  return {
    url,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}

async function control(url: string): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(30_000) });
  if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

/** Fresh one-time codes for the persona `full` with snsapi_userinfo, as the consent page would issue them. */
export async function issueCodes(standInUrl: string, count: number): Promise<string[]> {
  const { codes } = (await control(`${standInUrl}/__codes?count=${count}&persona=full&scope=snsapi_userinfo`)) as {
    codes: string[];
  };
  if (codes.length !== count) throw new Error(`the stand-in issued ${codes.length} codes, not ${count}`);
  return codes;
}

/** From now on the stand-in answers every sns/* call after `ms`. */
export async function setLatency(standInUrl: string, ms: number): Promise<void> {
  await control(`${standInUrl}/__latency?ms=${ms}`);
}
