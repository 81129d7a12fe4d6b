import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NextRequest } from 'next/server';
import type { Env } from '@/lib/env';
import { isAllowedOrigin } from '@/lib/env/origins';
import { checkRequest } from '@/lib/http/request';
import type { Failure } from './failures';
import { CALLBACK_PATH } from './links';

// Domain separation: a relay signature is never valid for any other use of the same secret.
const PURPOSE = 'wechat-oauth-next relay target v1\n';
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;
const RELAY_PATH = '/auth/wechat/relay';

export function signRelayTarget(origin: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(PURPOSE + origin)
    .digest('base64url');
}

// The encoded strings are compared, not the decoded bytes: base64url's last character carries spare bits.
export function verifyRelayTarget(origin: string, signature: string, secret: string): boolean {
  if (!SIGNATURE.test(signature)) return false;
  const expected = Buffer.from(signRelayTarget(origin, secret));
  return timingSafeEqual(expected, Buffer.from(signature));
}

/** This deployment's callback, or a signed link to the relay that names this origin (WECHAT-PROTOCOL §16). */
export function redirectUriFor(origin: string, authRelay: Env['authRelay']): string {
  if (!authRelay) return `${origin}${CALLBACK_PATH}`;
  const target = new URL(origin).origin;
  const sig = signRelayTarget(target, authRelay.secret);
  return `${authRelay.url}${RELAY_PATH}?to=${encodeURIComponent(target)}&sig=${sig}`;
}

// The link's own two parameters, then what WeChat appends, in WeChat's shapes (WECHAT-PROTOCOL §1.2, §2).
const RULES = { to: null, sig: null, code: /^[A-Za-z0-9_-]{1,512}$/, state: /^[A-Za-z0-9]{1,128}$/ } as const;

/** Signed for `to`, on the allow-list, or the code goes nowhere; it is never redeemed here (WECHAT-PROTOCOL §16). */
export function relayDestination(request: NextRequest, relay: Env['relay']): { forwardTo: string } | Failure {
  if (!relay) return { problem: 'relay-off' };
  const problem = checkRequest(request, RULES);
  if (problem === 'oversized') return { problem };
  const params = request.nextUrl.searchParams;
  const to = params.get('to') ?? '';
  const signed = verifyRelayTarget(to, params.get('sig') ?? '', relay.secret);
  const code = params.get('code');
  const state = params.get('state');
  if (problem || !signed || !isAllowedOrigin(to, relay.allowedOrigins) || !state) return { problem: 'relay-refused' };
  // Both are letters, digits, `-` and `_` (RULES): nothing to encode.
  return { forwardTo: `${to}${CALLBACK_PATH}?${code ? `code=${code}&` : ''}state=${state}` };
}
