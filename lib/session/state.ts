import 'server-only';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextRequest, NextResponse } from 'next/server';
import { STATE_COOKIE, STATE_MAX_AGE, clearStateCookie, setStateCookie } from './cookies';
import { seal, unseal } from './seal';
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

/** A fresh state for WeChat's authorize URL, and `bind` to set the cookie that ties it to this browser. */
export async function createState(
  payload: Omit<StatePayload, 'state'>,
  { secret, secure }: { secret: string; secure: boolean },
): Promise<{ state: string; bind(response: NextResponse): NextResponse }> {
  const state = generateState();
  const sealed = await sealState({ ...payload, state }, secret);
  return {
    state,
    bind(response) {
      setStateCookie(response, sealed, secure);
      return response;
    },
  };
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

export interface ConsumedState {
  /** null: missing, forged, expired or already spent. */
  payload: StatePayload | null;
  /** Clears the cookie on the answer: a state is good for one callback, whatever that callback answers. */
  spend(response: NextResponse): NextResponse;
}

/** Reads this browser's state cookie, verifies it against the `state` WeChat echoed, and spends it. */
export async function consumeState(
  request: NextRequest,
  { secret, secure }: { secret: string; secure: boolean },
): Promise<ConsumedState> {
  const echoed = request.nextUrl.searchParams.get('state');
  const payload = await verifyState(request.cookies.get(STATE_COOKIE)?.value, echoed, secret);
  return {
    payload,
    spend(response) {
      clearStateCookie(response, secure);
      return response;
    },
  };
}
