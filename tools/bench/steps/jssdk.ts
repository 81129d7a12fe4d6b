import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expectStatus, request } from '../lib/http';
import { load, type LoadResult } from '../lib/load';
import { measurePageWeight, type Compressed } from '../lib/page-weight';
import { readMockStats } from '../lib/wechat-stats';

const DESKTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
// The share card's script, which /profile loads in WeChat only (components/share-card.tsx).
const SHARE_SCRIPT = 'public/scripts/share-card.js';

export interface JssdkBench {
  /** GET /api/wechat/jssdk-config at 10 connections, ticket cached (in-process store). */
  config: LoadResult;
  /** cgi-bin calls the mock WeChat saw during the whole run: one stable_token and one getticket. */
  cgiCalls: { stableToken: number; getTicket: number };
  /** The share card's script, fetched in WeChat only; it starts after the page's load event. */
  shareChunkGzip: number;
  /** /profile JS beyond the 404 page outside WeChat: must stay 0. */
  profileAppJsOutsideWeChat: Compressed;
}

/** The share card's script, gzip level 6 as `next start` sends it. */
export function shareChunkGzip(projectDir: string): number {
  return gzipSync(readFileSync(join(projectDir, SHARE_SCRIPT)), { level: 6 }).length;
}

async function html(url: string, cookie?: string): Promise<string> {
  const headers = { 'user-agent': DESKTOP_UA, 'accept-encoding': 'identity' };
  return (await request(url, { cookie, headers })).body;
}

/** The config route's throughput, and what the share card costs a page in WeChat and outside it. */
export async function measureJssdk(appUrl: string, cookie: string, projectDir = process.cwd()): Promise<JssdkBench> {
  const url = `${appUrl}/api/wechat/jssdk-config?url=${encodeURIComponent(`${appUrl}/profile`)}`;
  expectStatus(await request(url), /^200$/, 'jssdk-config');
  const config = await load({ url, connections: 10, durationSeconds: 5 });
  const stats = (await readMockStats(appUrl)).calls as unknown as Record<string, number>;
  const notFound = await html(`${appUrl}/__bench-not-found`);
  const outside = await measurePageWeight(appUrl, await html(`${appUrl}/profile`, cookie), notFound);
  return {
    config,
    cgiCalls: { stableToken: stats['cgi-bin/stable_token'] ?? 0, getTicket: stats['cgi-bin/ticket/getticket'] ?? 0 },
    shareChunkGzip: shareChunkGzip(projectDir),
    profileAppJsOutsideWeChat: outside.appJs,
  };
}
