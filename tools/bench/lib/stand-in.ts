import { spawnTracked, stopChild, waitFor } from '../../lib/server';
import { readStandInStats } from './wechat-stats';

export interface StandIn {
  url: string;
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
  await waitFor(async () => Boolean(await readStandInStats(url)), performance.now(), 20_000, 50);
  return {
    url,
    stop: () => stopChild(child),
  };
}
