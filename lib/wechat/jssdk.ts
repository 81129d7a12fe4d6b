import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { Env } from '@/lib/env';
import { accountFor } from './account';
import { backendFor } from './backend';

/** WECHAT-PROTOCOL §15.3: keys in ASCII order, raw unescaped values, SHA-1 in lower-case hex. */
export function signJsapi(p: { ticket: string; nonceStr: string; timestamp: number; url: string }): string {
  const plain = `jsapi_ticket=${p.ticket}&noncestr=${p.nonceStr}&timestamp=${p.timestamp}&url=${p.url}`;
  return createHash('sha1').update(plain, 'utf8').digest('hex');
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

export async function jssdkConfigFor(env: Env, url: string) {
  const ticket = await (await accountFor(env)).jsapiTicket();
  const nonceStr = [...randomBytes(16)].map((byte) => ALNUM[byte % ALNUM.length]).join('');
  const timestamp = Math.floor(Date.now() / 1000);
  return { appId: env.appId, timestamp, nonceStr, signature: signJsapi({ ticket, nonceStr, timestamp, url }) };
}

/** The share card's scripts: in WeChat, with WECHAT_JSSDK on, never on a snapshot page (WECHAT-PROTOCOL §15.3). */
export function jssdkScripts(env: Env, page: { inWeChat: boolean; snapshot: boolean }): readonly string[] | null {
  if (!env.jssdk || !page.inWeChat || page.snapshot) return null;
  return backendFor(env).jssdkScripts;
}
