import 'server-only';
import type { Env } from '@/lib/env';
import { sharedStore } from '@/lib/store';
import { createAccountApi } from './account';
import { apiContextFor } from './client-for-origin';
import { createJsapiTickets, type JsapiTickets } from './jsapi-ticket';
import { newNonceStr, signJsapi } from './jsapi-signature';

/** What wx.config needs besides jsApiList (CONTRACT: GET /api/wechat/jssdk-config). */
export interface JssdkConfig {
  appId: string;
  timestamp: number;
  nonceStr: string;
  signature: string;
}

const MAX_URL_LENGTH = 4096;

/**
 * The page URL to sign: an http(s) URL on this app's own origin, with `#…` removed and otherwise exactly as the
 * browser sent it (WECHAT-PROTOCOL §15.3); null when it is missing, malformed or foreign.
 */
export function pageUrlToSign(raw: string | null, origin: string): string | null {
  if (!raw || raw.length > MAX_URL_LENGTH) return null;
  const url = raw.split('#')[0] as string;
  if (!URL.canParse(url)) return null;
  const parsed = new URL(url);
  // A blob: URL's origin is the origin inside it: the scheme is checked on its own.
  const web = parsed.protocol === 'https:' || parsed.protocol === 'http:';
  return web && parsed.origin === origin ? url : null;
}

let tickets: Promise<JsapiTickets> | undefined;

/** The signed config for `url`; the ticket comes from the shared store, fetched once across instances. */
export async function jssdkConfigFor(env: Env, url: string): Promise<JssdkConfig> {
  tickets ??= Promise.all([apiContextFor(env), sharedStore(env)]).then(([ctx, store]) =>
    createJsapiTickets({
      store,
      api: createAccountApi(ctx, env.appId, env.appSecret),
      appId: env.appId,
      timeoutMs: env.timeoutMs,
    }),
  );
  const ticket = await (await tickets).ticket();
  const nonceStr = newNonceStr();
  const timestamp = Math.floor(Date.now() / 1000);
  return { appId: env.appId, timestamp, nonceStr, signature: signJsapi({ ticket, nonceStr, timestamp, url }) };
}

// WECHAT-PROTOCOL §15.4: WeChat's script, and its fallback host.
const JS_SDK_SCRIPTS = [
  'https://res.wx.qq.com/open/js/jweixin-1.6.0.js',
  'https://res2.wx.qq.com/open/js/jweixin-1.6.0.js',
] as const;
const MOCK_JS_SDK_SCRIPTS = ['/mock-wechat/open/js/jweixin-1.6.0.js'] as const;

/**
 * The JS-SDK scripts the profile page loads for its share card, or null: only in WeChat, with WECHAT_JSSDK on, and
 * never on a snapshot page, which cannot use the JS-SDK (WECHAT-PROTOCOL §15.3).
 */
export function jssdkScripts(
  env: Pick<Env, 'jssdk' | 'mode'>,
  page: { inWeChat: boolean; snapshot: boolean },
): readonly string[] | null {
  if (!env.jssdk || !page.inWeChat || page.snapshot) return null;
  return env.mode === 'mock' ? MOCK_JS_SDK_SCRIPTS : JS_SDK_SCRIPTS;
}
