import type { Env } from '@/lib/env';

/** WeCom (企业微信) also says MicroMessenger, but is a different OAuth: check wxwork first (WECHAT-PROTOCOL §11.1). */
export function isWeChatBrowser(userAgent: string | null): boolean {
  if (!userAgent) return false;
  if (/wxwork/i.test(userAgent)) return false;
  return /MicroMessenger/i.test(userAgent);
}

function firstHeaderValue(value: string | null): string | null {
  const first = value?.split(',')[0]?.trim();
  return first ? first : null;
}

/**
 * The public origin: APP_BASE_URL when configured; otherwise the Host / X-Forwarded-* headers, since
 * under `next start` request.nextUrl.origin does not follow the Host header (TOOLCHAIN.md).
 */
export function resolveOrigin(request: Request, env: Pick<Env, 'appBaseUrl'>): string {
  if (env.appBaseUrl) return env.appBaseUrl;
  const url = new URL(request.url);
  const host = firstHeaderValue(request.headers.get('x-forwarded-host')) ?? request.headers.get('host') ?? url.host;
  const proto = firstHeaderValue(request.headers.get('x-forwarded-proto')) ?? url.protocol.replace(':', '');
  const safeHost = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(host) ? host : url.host;
  const safeProto = proto === 'https' ? 'https' : 'http';
  return `${safeProto}://${safeHost}`;
}

export function isSecureOrigin(origin: string): boolean {
  return origin.startsWith('https://');
}
