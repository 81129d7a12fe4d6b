import { randomBytes, timingSafeEqual } from 'node:crypto';
import { seal, unseal } from './seal';
import { STATE_MAX_AGE } from './cookies';
import { StateSchema, type StatePayload } from './schema';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 characters of [A-Za-z0-9]: WeChat's allowed state charset and well under its 128-byte limit (WECHAT-PROTOCOL §1.2). */
export function generateState(): string {
  const bytes = randomBytes(32);
  let state = '';
  // 256 % 62 leaves a bias of under 2 %; rejection sampling keeps the distribution uniform.
  for (const byte of bytes) if (byte < 248) state += ALPHANUMERIC[byte % 62];
  return state.length >= 32 ? state.slice(0, 32) : state + generateState().slice(0, 32 - state.length);
}

export function sealState(payload: StatePayload, secret: string): Promise<string> {
  return seal(payload, secret, 'state', STATE_MAX_AGE);
}

/** The state payload when the cookie is genuine, unexpired and carries exactly the state WeChat echoed back. */
export async function verifyState(
  cookieValue: string | undefined,
  echoedState: string | null,
  secret: string,
): Promise<StatePayload | null> {
  if (!echoedState) return null;
  const payload = await unseal(cookieValue, secret, 'state', StateSchema);
  if (!payload) return null;
  const expected = Buffer.from(payload.state);
  const actual = Buffer.from(echoedState);
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? payload : null;
}
