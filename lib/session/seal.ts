import 'server-only';
import { hkdfSync } from 'node:crypto';
import { EncryptJWT, jwtDecrypt } from 'jose';
import type { z } from 'zod';

type SealPurpose = 'session' | 'state';

const keys = new Map<string, Promise<CryptoKey>>();

// Distinct keys per purpose: a state cookie is never a session cookie. Each is imported into WebCrypto once: raw
// bytes would be imported on every seal and unseal, which cost more than the AES-GCM itself.
function keyFor(secret: string, purpose: SealPurpose): Promise<CryptoKey> {
  const id = `${purpose}\u0000${secret}`;
  let key = keys.get(id);
  if (!key) {
    const bytes = new Uint8Array(hkdfSync('sha256', secret, 'wechat-oauth-next', `cookie:${purpose}`, 32));
    key = crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
    keys.set(id, key);
  }
  return key;
}

// Browsers drop larger cookies; one the app could not read back would send the user round in circles.
const MAX_SEALED_LENGTH = 4096;

class SealTooLargeError extends Error {
  override readonly name = 'SealTooLargeError';
}

/** JWE, dir + A256GCM, expiring after maxAgeSeconds. A result unseal() would refuse is an error, never a cookie. */
export async function seal(
  payload: Record<string, unknown>,
  secret: string,
  purpose: SealPurpose,
  maxAgeSeconds: number,
): Promise<string> {
  const sealed = await new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', typ: purpose })
    .setIssuedAt()
    .setExpirationTime(`${maxAgeSeconds}s`)
    .encrypt(await keyFor(secret, purpose));
  if (sealed.length > MAX_SEALED_LENGTH) throw new SealTooLargeError(`a sealed ${purpose} would not fit a cookie`);
  return sealed;
}

/** A tampered, truncated, foreign, expired or malformed value gives null, never an exception. */
export async function unseal<T>(
  sealed: string | undefined,
  secret: string,
  purpose: SealPurpose,
  schema: z.ZodType<T>,
): Promise<T | null> {
  if (!sealed || sealed.length > MAX_SEALED_LENGTH) return null;
  try {
    const { payload } = await jwtDecrypt(sealed, await keyFor(secret, purpose), {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      typ: purpose,
    });
    const parsed = schema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
