import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { expectStatus, request } from '../lib/http';
import { load } from '../lib/load';
import { fetchHtml, measurePageWeight } from '../lib/page-weight';
import { readStats } from '../lib/stand-in';
import { EMPTY_PAGE } from './load-suite';

const DESKTOP_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/**
 * GET /api/wechat/jssdk-config at 10 connections (ticket cached in the in-process store) and the cgi-bin calls the mock
 * saw for all of it; the share card's script, which /profile loads in WeChat only (components/share-card.tsx), after
 * the load event; and /profile's own JS outside WeChat.
 */
export async function measureJssdk(appUrl: string, cookie: string) {
  const url = `${appUrl}/api/wechat/jssdk-config?url=${encodeURIComponent(`${appUrl}/profile`)}`;
  expectStatus(await request(url), /^200$/, 'jssdk-config');
  const config = await load({ url, connections: 10, seconds: 5 });
  const calls = (await readStats(`${appUrl}/mock-wechat/__stats`)).calls as unknown as Record<string, number>;
  const notFound = await fetchHtml(`${appUrl}${EMPTY_PAGE}`, undefined, DESKTOP_UA);
  const profile = await fetchHtml(`${appUrl}/profile`, cookie, DESKTOP_UA);
  return {
    config,
    cgiCalls: { stableToken: calls['cgi-bin/stable_token'] ?? 0, getTicket: calls['cgi-bin/ticket/getticket'] ?? 0 },
    shareChunkGzip: gzipSync(readFileSync('public/scripts/share-card.js'), { level: 6 }).length,
    profileAppJsOutsideWeChat: (await measurePageWeight(appUrl, profile, notFound)).appJs,
  };
}
