import 'server-only';
import type { NextRequest } from 'next/server';
import { isAllowedOrigin, type Env } from '@/lib/env';
import { checkRequest } from '@/lib/http';
import type { Failure } from './decide';
import { CALLBACK_PATH } from './links';
import { verifyRelayTarget } from './relay-signature';

// The link's own two parameters, then what WeChat appends, in WeChat's shapes (WECHAT-PROTOCOL §1.2, §2).
const RULES = { to: null, sig: null, code: /^[A-Za-z0-9_-]{1,512}$/, state: /^[A-Za-z0-9]{1,128}$/ } as const;

export type RelayAnswer = { forwardTo: string } | { failure: Failure };

/**
 * Where the relay sends WeChat's answer: `{to}/auth/wechat/callback` with code and state (state alone for a
 * refusal), only when the link's signature verifies and `to` is an origin on the allow-list. The code is never
 * redeemed here, and on any doubt it goes nowhere (WECHAT-PROTOCOL §16).
 */
export function relayDestination(request: NextRequest, relay: Env['relay']): RelayAnswer {
  if (!relay) return { failure: { problem: 'relay-off' } };
  const problem = checkRequest(request, RULES);
  if (problem === 'oversized') return { failure: { problem } };
  const params = request.nextUrl.searchParams;
  const to = params.get('to') ?? '';
  const signed = verifyRelayTarget(to, params.get('sig') ?? '', relay.secret);
  const code = params.get('code');
  const state = params.get('state');
  if (problem || !signed || !isAllowedOrigin(to, relay.allowedOrigins) || !state) {
    return { failure: { problem: 'relay-refused' } };
  }
  // Both are letters, digits, `-` and `_` (RULES): nothing to encode.
  return { forwardTo: `${to}${CALLBACK_PATH}?${code ? `code=${code}&` : ''}state=${state}` };
}
