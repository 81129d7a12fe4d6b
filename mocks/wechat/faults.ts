import type { AccountFault } from './cgi';
import { delay, htmlResponse, wechatError } from './wire';

/** Failures a developer can trigger on the consent sheet, or the soak test can inject at random. */
export const FAULTS = ['busy', 'invalid-code', 'slow', 'http-500', 'html', 'malformed'] as const;
export type Fault = (typeof FAULTS)[number];

export const FAULT_LABELS: Readonly<Record<Fault, string>> = {
  busy: '微信繁忙（errcode -1）',
  'invalid-code': 'code 无效（errcode 40029）',
  slow: '微信超时不答',
  'http-500': 'HTTP 500',
  html: '返回 HTML 页面',
  malformed: '返回残缺的 JSON',
};

export function isFault(value: unknown): value is Fault {
  return typeof value === 'string' && (FAULTS as readonly string[]).includes(value);
}

export interface FaultConfig {
  /** Added to every sns/* answer, in ms. */
  latencyMs: number;
  /** Share (0..1) of sns/* calls that fail with one of `kinds`. */
  rate: number;
  kinds: readonly Fault[];
  /** How long a 'slow' answer takes, in ms: longer than the app's WECHAT_TIMEOUT_MS. */
  slowMs: number;
  /** Faults every cgi-bin call meets (the account token and the jsapi_ticket). */
  account: readonly AccountFault[];
}

export const DEFAULT_FAULT_CONFIG: FaultConfig = { latencyMs: 0, rate: 0, kinds: [], slowMs: 30_000, account: [] };

/** The answer a fault produces, or null when the fault leaves the call alone (invalid-code is decided by the caller). */
export async function faultResponse(fault: Fault, config: FaultConfig, signal?: AbortSignal): Promise<Response | null> {
  switch (fault) {
    case 'busy':
      return wechatError(-1);
    case 'slow':
      await delay(config.slowMs, signal);
      return null;
    case 'http-500':
      return new Response('Internal Server Error', { status: 500 });
    case 'html':
      return htmlResponse('<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>');
    case 'malformed':
      return new Response('{"access_token":"', { status: 200, headers: { 'content-type': 'text/plain' } });
    case 'invalid-code':
      return wechatError(40029);
  }
}

export function pickRandomFault(config: FaultConfig, random: () => number = Math.random): Fault | null {
  if (config.kinds.length === 0 || random() >= config.rate) return null;
  return config.kinds[Math.floor(random() * config.kinds.length)] ?? null;
}

/** WeCom's faults, picked on its sheet (WECHAT-PROTOCOL §19.2–19.3). */
export const WECOM_FAULTS = ['wecom-ip-denied', 'wecom-code-used'] as const;
export type WeComFault = (typeof WECOM_FAULTS)[number];
export const WECOM_FAULT_LABELS: Readonly<Record<WeComFault, string>> = {
  'wecom-ip-denied': '企业可信IP拒绝（errcode 60020）',
  'wecom-code-used': 'code 已使用（errcode 40029）',
};
