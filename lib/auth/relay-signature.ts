import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';

// Domain separation: a relay signature is never valid for any other use of the same secret.
const PURPOSE = 'wechat-oauth-next relay target v1\n';
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/** HMAC-SHA256 of the target origin under WECHAT_RELAY_SECRET, base64url: 43 characters. */
export function signRelayTarget(origin: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(PURPOSE + origin)
    .digest('base64url');
}

/**
 * Whether `signature` is the one for `origin`, compared in constant time. The encoded strings are compared, not the
 * decoded bytes: base64url's last character carries spare bits, so two strings can decode to the same bytes.
 */
export function verifyRelayTarget(origin: string, signature: string, secret: string): boolean {
  if (!SIGNATURE.test(signature)) return false;
  const expected = Buffer.from(signRelayTarget(origin, secret));
  return timingSafeEqual(expected, Buffer.from(signature));
}
