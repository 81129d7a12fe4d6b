import { NextRequest } from 'next/server';
import { signRelayTarget } from '@/lib/auth/relay';
import { TEST_ORIGIN, TEST_RELAY_ORIGIN, TEST_RELAY_SECRET, WECHAT_UA } from './env';
import { loadWithEnv } from './isolated';

/** The allow-list of the relay deployment in these tests: this app's test origin, and Vercel-style previews. */
export const ALLOWED_ORIGINS = `${TEST_ORIGIN},https://*-acme.vercel.app`;

/** GET /auth/wechat/relay on the relay deployment (WECHAT_RELAY_ALLOWED_ORIGINS set), or on one where it is off. */
export async function loadRelay(vars: Record<string, string> = {}) {
  const env = { WECHAT_RELAY_ALLOWED_ORIGINS: ALLOWED_ORIGINS, WECHAT_RELAY_SECRET: TEST_RELAY_SECRET, ...vars };
  return (await loadWithEnv(env, () => import('@/app/auth/wechat/relay/route'))).GET;
}

/** GET /auth/wechat on a preview: this app, signing in through the relay (WECHAT_AUTH_RELAY_URL). */
export async function loadPreviewStart() {
  const env = { WECHAT_AUTH_RELAY_URL: TEST_RELAY_ORIGIN, WECHAT_RELAY_SECRET: TEST_RELAY_SECRET };
  return (await loadWithEnv(env, () => import('@/app/auth/wechat/route'))).GET;
}

/** The query of a relay link for `to`, signed with `secret` (the relay's own by default). */
export function relayQuery(to: string, secret = TEST_RELAY_SECRET): string {
  return `to=${encodeURIComponent(to)}&sig=${signRelayTarget(to, secret)}`;
}

/** A request to the relay deployment, as WeChat's redirect makes it. */
export function relayRequest(query: string): NextRequest {
  return new NextRequest(`${TEST_RELAY_ORIGIN}/auth/wechat/relay?${query}`, { headers: { 'user-agent': WECHAT_UA } });
}
